-- The history store: what SSM said about commands and invocations, kept after SSM forgets
-- them. Written by the recorder (dev.runboard.history), read by /history and the pages of
-- what SSM no longer holds. Values are as SSM gave them; links are derived when read.

-- Each account and region Runboard reads; rows name it by this small key.
CREATE TABLE source (
	id smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- null: the account of Runboard's own credentials
	account text,
	region text NOT NULL,
	CONSTRAINT source_account_region UNIQUE NULLS NOT DISTINCT (account, region)
);

-- One row per command, with everything ListCommands says about it.
CREATE TABLE command (
	command_id text NOT NULL,
	source_id smallint NOT NULL REFERENCES source (id),
	requested_at timestamptz NOT NULL,
	document_name text NOT NULL,
	document_version text,
	comment text,
	status text NOT NULL,
	status_details text,
	target_count integer NOT NULL,
	completed_count integer NOT NULL,
	error_count integer NOT NULL,
	delivery_timed_out_count integer NOT NULL,
	expires_after timestamptz,
	-- [{"name": …, "values": […]}, …] in SSM's order
	parameters jsonb NOT NULL DEFAULT '[]',
	-- [{"key": …, "values": […]}, …]
	targets jsonb NOT NULL DEFAULT '[]',
	instance_ids text[] NOT NULL DEFAULT '{}',
	max_concurrency text,
	max_errors text,
	timeout_seconds integer,
	service_role text,
	notification_arn text,
	notification_events text[],
	notification_type text,
	output_s3_region text,
	output_s3_bucket text,
	output_s3_key_prefix text,
	cloudwatch_enabled boolean NOT NULL DEFAULT false,
	-- as sent (null: SSM's default), and the group output goes to
	cloudwatch_log_group text,
	cloudwatch_effective_log_group text,
	alarm_names text[],
	alarms_ignore_poll_failure boolean,
	triggered_alarms text[] NOT NULL DEFAULT '{}',
	-- SSM no longer changes its status or counts
	final boolean NOT NULL,
	-- final, and every invocation recorded in its final state: the recorder reads it no more
	settled boolean NOT NULL DEFAULT false,
	final_seen_at timestamptz,
	-- SSM stopped listing it before it settled: kept as last seen, never polled again
	lost_at timestamptz,
	first_recorded_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (command_id, source_id)
);

CREATE INDEX command_newest ON command (requested_at, command_id);
CREATE INDEX command_unsettled ON command (source_id, requested_at) WHERE NOT settled AND lost_at IS NULL;

-- One row per invocation (a command on a node). Partitioned by the month of the command's
-- requested time, so retention drops whole months; partitions are created ahead by the
-- application (invocation_y2026m11), strays land in the default partition.
CREATE TABLE invocation (
	command_id text NOT NULL,
	instance_id text NOT NULL,
	source_id smallint NOT NULL REFERENCES source (id),
	requested_at timestamptz NOT NULL,
	instance_name text,
	comment text,
	document_name text NOT NULL,
	document_version text,
	status text NOT NULL,
	status_details text,
	final boolean NOT NULL,
	-- SSM forgot it before it was final
	lost boolean NOT NULL DEFAULT false,
	standard_output_url text,
	standard_error_url text,
	service_role text,
	notification_arn text,
	notification_events text[],
	notification_type text,
	cloudwatch_enabled boolean NOT NULL DEFAULT false,
	-- as sent; null for SSM's default group
	cloudwatch_log_group text,
	first_recorded_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (command_id, instance_id, source_id, requested_at)
) PARTITION BY RANGE (requested_at);

CREATE TABLE invocation_default PARTITION OF invocation DEFAULT;

-- What the views sort and filter on, newest first, each ending in the keyset's columns.
CREATE INDEX invocation_newest ON invocation (requested_at, command_id, instance_id, source_id);
CREATE INDEX invocation_by_node ON invocation (instance_id, requested_at, command_id, source_id);
CREATE INDEX invocation_by_status ON invocation (status, requested_at, command_id, instance_id, source_id);
CREATE INDEX invocation_by_document ON invocation (document_name, requested_at, command_id, instance_id, source_id);
CREATE INDEX invocation_problems ON invocation (requested_at, command_id, instance_id, source_id)
	WHERE status IN ('Failed', 'TimedOut', 'Cancelled');

-- One row per plugin (step) of an invocation, partitioned as invocation is.
CREATE TABLE invocation_plugin (
	command_id text NOT NULL,
	instance_id text NOT NULL,
	source_id smallint NOT NULL,
	requested_at timestamptz NOT NULL,
	-- its place in the document, from 0
	position smallint NOT NULL,
	name text NOT NULL,
	status text,
	status_details text,
	response_code integer,
	started_at timestamptz,
	finished_at timestamptz,
	-- as ListCommandInvocations lists it: stdout and stderr in one text, at most 2,500
	-- characters, SSM's truncation markers kept
	output text NOT NULL,
	output_truncated boolean NOT NULL,
	standard_output_url text,
	standard_error_url text,
	output_s3_region text,
	output_s3_bucket text,
	output_s3_key_prefix text,
	-- as GetCommandInvocation gives it (24,000 and 8,000 characters at most), read for
	-- failing invocations whose listed output was cut; null when not read
	whole_stdout text,
	whole_stderr text,
	whole_truncated boolean,
	whole_read_at timestamptz,
	PRIMARY KEY (command_id, instance_id, source_id, requested_at, position)
) PARTITION BY RANGE (requested_at);

CREATE TABLE invocation_plugin_default PARTITION OF invocation_plugin DEFAULT;

-- Where the recorder stands, per source.
CREATE TABLE recorder (
	source_id smallint PRIMARY KEY REFERENCES source (id),
	-- the first run
	started_at timestamptz NOT NULL,
	-- every command requested before this had been listed when it was written
	recorded_until timestamptz,
	-- how far back the first run reads
	backfill_floor timestamptz NOT NULL,
	-- the first run's walk back: commands requested at or before this are still to be
	-- read; null once it reached backfill_floor
	backfill_next timestamptz,
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- Work done by one replica at a time (the recorder of a source, retention): a replica holds
-- a lease until it expires, renewing it in every transaction that writes on its behalf.
CREATE TABLE lease (
	name text PRIMARY KEY,
	holder text NOT NULL,
	expires_at timestamptz NOT NULL
);
