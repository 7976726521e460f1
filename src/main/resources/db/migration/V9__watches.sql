-- "Tell me when it finishes" (dev.runboard.notifications): a command a signed-in user
-- asked a `watched` rule to tell about. One message per rule and command when it settles,
-- whoever asked and however often (the outbox is unique on rule and command too).
CREATE TABLE notification_watch (
	rule text NOT NULL,
	command_id text NOT NULL,
	-- who asked first, as the command page and the audit log name them
	watched_by text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (rule, command_id)
);

