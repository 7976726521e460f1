-- Search over recorded invocations (/history?q=…), and the failure signature of each
-- failing invocation, kept so that a command page can say where else a failure occurred.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- What the store keeps of an invocation's output, in one text, as search reads it: each
-- plugin's whole output where it was read (failing plugins whose list output was cut),
-- else the list's (2,500 characters at most), in the document's order. Written with the
-- plugins (dev.runboard.history.HistoryStore).
ALTER TABLE invocation ADD COLUMN output_text text;
-- Whether some of the output was cut before the store kept it: search cannot find what
-- was never stored.
ALTER TABLE invocation ADD COLUMN output_cut boolean NOT NULL DEFAULT false;

-- What a user without the output role may search: command ID, node ID and name, document,
-- comment.
ALTER TABLE invocation ADD COLUMN search_meta text GENERATED ALWAYS AS (
	command_id || ' ' || instance_id || ' ' || coalesce(instance_name, '') || ' ' || document_name || ' '
		|| coalesce(comment, '')) STORED;

-- Words, by the 'simple' configuration (output is not prose: no stemming, no stop words).
-- Its parser keeps /var/lib/dpkg/lock and web-01.example.com as single tokens, so each
-- text is also read with / . - _ turned into spaces (then dpkg finds the lock path). A
-- tsvector holds at most 1 MB: the output read for words is its first 200,000 characters,
-- far more than SSM gives (24,000 and 8,000 per plugin).
ALTER TABLE invocation ADD COLUMN words_meta tsvector GENERATED ALWAYS AS (
	to_tsvector('simple'::regconfig, command_id || ' ' || instance_id || ' ' || coalesce(instance_name, '') || ' '
		|| document_name || ' ' || coalesce(comment, ''))
	|| to_tsvector('simple'::regconfig, translate(command_id || ' ' || instance_id || ' '
		|| coalesce(instance_name, '') || ' ' || document_name || ' ' || coalesce(comment, ''), '/.-_', '    '))
	) STORED;

ALTER TABLE invocation ADD COLUMN words_all tsvector GENERATED ALWAYS AS (
	to_tsvector('simple'::regconfig, command_id || ' ' || instance_id || ' ' || coalesce(instance_name, '') || ' '
		|| document_name || ' ' || coalesce(comment, ''))
	|| to_tsvector('simple'::regconfig, translate(command_id || ' ' || instance_id || ' '
		|| coalesce(instance_name, '') || ' ' || document_name || ' ' || coalesce(comment, ''), '/.-_', '    '))
	|| to_tsvector('simple'::regconfig, left(coalesce(output_text, ''), 200000))
	|| to_tsvector('simple'::regconfig, translate(left(coalesce(output_text, ''), 200000), '/.-_', '    '))
	) STORED;

CREATE INDEX invocation_words_meta ON invocation USING gin (words_meta);
CREATE INDEX invocation_words_all ON invocation USING gin (words_all);
-- Substrings (a term with / . - or _ in it) that words miss.
CREATE INDEX invocation_meta_trigrams ON invocation USING gin (search_meta gin_trgm_ops);
CREATE INDEX invocation_output_trigrams ON invocation USING gin (output_text gin_trgm_ops);

-- The failure signature of a failing final invocation (how it ended · its telling line,
-- normalised: dev.runboard.commands.FailureSignature) and the version of the rules that
-- computed it; a signature of another version is computed again, never compared.
ALTER TABLE invocation ADD COLUMN failure_signature text;
ALTER TABLE invocation ADD COLUMN signature_version smallint;
CREATE INDEX invocation_by_signature ON invocation (failure_signature, requested_at)
	WHERE failure_signature IS NOT NULL;

-- History recorded before this migration.
UPDATE invocation i SET output_text = o.output_text, output_cut = o.output_cut
FROM (SELECT command_id, instance_id, source_id, requested_at,
		string_agg(CASE WHEN whole_read_at IS NOT NULL
			THEN coalesce(whole_stdout, '') || E'\n' || coalesce(whole_stderr, '') ELSE output END,
			E'\n' ORDER BY position) AS output_text,
		bool_or(CASE WHEN whole_read_at IS NOT NULL THEN coalesce(whole_truncated, false) ELSE output_truncated END)
			AS output_cut
	FROM invocation_plugin GROUP BY command_id, instance_id, source_id, requested_at) o
WHERE i.command_id = o.command_id AND i.instance_id = o.instance_id AND i.source_id = o.source_id
	AND i.requested_at = o.requested_at;
