-- Notifications (dev.runboard.notifications): the outbox the recorder writes in the same
-- transaction as the command that settles, and the sender drains, at least once.

-- When each rule was first seen: a command is news to a rule only if it turned final after.
CREATE TABLE notification_rule (
	name text PRIMARY KEY,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- One message to send, and how sending it went: the delivery log of /notifications.
CREATE TABLE notification_outbox (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- carried by every attempt: in the signed body of a webhook, in PagerDuty's details
	delivery_id uuid NOT NULL UNIQUE,
	rule text NOT NULL,
	target_type text NOT NULL,
	-- 'command' (a command that matched), 'resolve' (PagerDuty: a rerun that succeeded
	-- everywhere), 'test' (an operator's test message)
	kind text NOT NULL,
	-- null for a test message
	command_id text,
	-- PagerDuty's dedup_key: the command, or for 'resolve' the command rerun
	dedup_key text,
	-- what the message says, fixed when the command settled (notifications/Notice)
	message jsonb NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	attempts integer NOT NULL DEFAULT 0,
	next_attempt_at timestamptz NOT NULL DEFAULT now(),
	-- the replica sending it now, until when; a claim that lapses is taken over
	claimed_by text,
	claimed_until timestamptz,
	-- an attempt whose outcome is unknown (a crash or a timeout while sending): the next
	-- one says it is a resend
	in_flight boolean NOT NULL DEFAULT false,
	sent_at timestamptz,
	gave_up_at timestamptz,
	-- the target's last answer, with secrets removed
	outcome text,
	outcome_at timestamptz,
	-- each matching command once per rule
	CONSTRAINT notification_once UNIQUE (rule, command_id)
);

CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at)
	WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX notification_outbox_newest ON notification_outbox (created_at DESC, id DESC);
