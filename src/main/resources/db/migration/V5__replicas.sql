-- What replicas of one deployment share besides sessions (dev.runboard.replicas): the
-- sign-in lockout's counts, and the actions on commands, each done once however many
-- replicas a double submission reaches, kept as the activity log.

-- One row per user name (lower-cased; a digest when longer than 200 characters) and
-- window: the password checks reserved in it, under way or failed, and the lock.
CREATE TABLE sign_in_lockout (
	name text PRIMARY KEY,
	-- the window starts with its first check and lasts runboard.security.lockout.window
	window_start timestamptz NOT NULL,
	checks integer NOT NULL,
	failures integer NOT NULL DEFAULT 0,
	locked_until timestamptz
);

-- The activity log: one row per action begun (cancel, rerun-all, rerun-failed), written
-- "in flight" and committed before anything is sent to SSM, then given its outcome. A
-- replica that dies in between leaves it in flight: never a reason to send again.
CREATE TABLE action (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- the account and region, as Runboard names them (Source.label())
	source text NOT NULL,
	command_id text NOT NULL,
	action text NOT NULL,
	-- the nodes named, sorted; empty for all of the command's
	nodes text[] NOT NULL DEFAULT '{}',
	user_name text NOT NULL,
	-- the short word the commands it sends carry in their comment
	nonce text NOT NULL,
	requested_at timestamptz NOT NULL,
	-- in-flight, done, not-sent (AWS refused it; nothing done), unknown (AWS may have done it)
	outcome text NOT NULL,
	new_command_ids text[] NOT NULL DEFAULT '{}',
	error text,
	finished_at timestamptz,
	-- who checked an unknown outcome and let the action be done again
	acknowledged_by text,
	acknowledged_at timestamptz
);

CREATE INDEX action_newest ON action (requested_at DESC, id DESC);
CREATE INDEX action_by_command ON action (command_id, requested_at DESC, id DESC);
CREATE INDEX action_by_user ON action (lower(user_name), requested_at DESC, id DESC);
CREATE INDEX action_by_new_command ON action USING gin (new_command_ids);

-- The unique row of each action (a digest of its source, command, action and node set, not
-- of who asks): the action that holds it now, and where that one stands. A second
-- submission of the same action meets it on whichever replica it arrives.
CREATE TABLE action_claim (
	action_key text PRIMARY KEY,
	action_id bigint NOT NULL REFERENCES action (id) ON DELETE CASCADE,
	-- in-flight, done or unknown; an action not sent gives its key up
	state text NOT NULL,
	finished_at timestamptz
);
