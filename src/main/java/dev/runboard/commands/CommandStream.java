package dev.runboard.commands;

import java.util.Optional;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.web.MergedStreams;

/**
 * The commands of one account and region, a page at a time: one stream of the commands
 * view.
 */
record CommandStream(Source source, CommandQuery query) implements MergedStreams.Stream<CommandView> {

	@Override
	public String status() {
		return null;
	}

	/** The stream as a cursor names it: account and region. */
	@Override
	public String name() {
		return this.source.account() + " " + this.source.region();
	}

	@Override
	public Page<CommandView> read(String token) {
		return this.source.runCommand().commands(this.query, token);
	}

	@Override
	public void prefetch(String token) {
		this.source.runCommand().prefetchCommands(this.query, token);
	}

	@Override
	public Optional<Page<CommandView>> readAhead(String token) {
		return this.source.runCommand().commandsReadAhead(this.query, token);
	}

}
