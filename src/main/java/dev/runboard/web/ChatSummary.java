package dev.runboard.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a view says, to paste into chat: what it is, how many ended how, the largest
 * groups of failures, and its link. Written two ways: Markdown (GitHub, Teams,
 * Mattermost, Discord) and plain text that Slack shows well (Slack renders no Markdown
 * link or emphasis pasted into it: it gets lines, bullets and a bare link, which it links
 * itself). Every value is put on one line and, in Markdown, escaped or set as code, so
 * what a command or its output says can neither break the layout nor become a link.
 *
 * @param heading what the summary is about, such as {@code Command 88e1b2f2-…}
 * @param facts what else names it (its document, comment, account and region, status)
 * @param counts how many ended how: {@code 120 invocations: 100 Success, 12 Failed}
 * @param notes what the counts are of, when they are not of everything
 * @param groupsHeading what the groups are, such as {@code Largest failure groups}
 * @param groups the groups, largest first; empty for none
 * @param link the view's absolute address
 */
public record ChatSummary(String heading, List<String> facts, String counts, List<String> notes, String groupsHeading,
		List<Group> groups, String link) {

	/** The most groups a summary lists: the largest. */
	public static final int MAX_GROUPS = 5;

	/** Characters that Markdown could read as markup within a line. */
	private static final Pattern MARKUP = Pattern.compile("[\\\\`*_\\[\\]<>|~&#]");

	private static final Pattern BACKTICKS = Pattern.compile("`+");

	public ChatSummary {
		facts = List.copyOf(facts);
		notes = List.copyOf(notes);
		groups = List.copyOf(groups);
	}

	/**
	 * One group.
	 *
	 * @param lead how many, such as {@code 8 nodes}
	 * @param what what they share, such as {@code exit 1}
	 * @param line the telling line of their output, or {@code null}: never for users who
	 * may not read output
	 */
	public record Group(String lead, String what, String line) {

	}

	/** The summary as Markdown. */
	public String markdown() {
		List<String> blocks = new ArrayList<>();
		StringBuilder first = new StringBuilder("**").append(escape(this.heading)).append("**");
		this.facts.forEach((fact) -> first.append(" · ").append(escape(fact)));
		blocks.add(first.toString());
		List<String> counted = new ArrayList<>();
		counted.add(escape(this.counts));
		this.notes.forEach((note) -> counted.add(escape(note)));
		// Two spaces end a line within a paragraph.
		blocks.add(String.join("  \n", counted));
		if (!this.groups.isEmpty()) {
			blocks.add(escape(this.groupsHeading) + ":");
			List<String> items = new ArrayList<>();
			for (Group group : this.groups) {
				String item = "- " + escape(group.lead()) + ": " + escape(group.what());
				items.add((group.line() != null) ? item + " · " + code(group.line()) : item);
			}
			blocks.add(String.join("\n", items));
		}
		blocks.add("[Open in Runboard](" + this.link.replace("(", "%28").replace(")", "%29") + ")");
		return String.join("\n\n", blocks);
	}

	/** The summary as plain text, for Slack. */
	public String text() {
		List<String> lines = new ArrayList<>();
		StringBuilder first = new StringBuilder(oneLine(this.heading));
		this.facts.forEach((fact) -> first.append(" · ").append(oneLine(fact)));
		lines.add(first.toString());
		lines.add(oneLine(this.counts));
		this.notes.forEach((note) -> lines.add(oneLine(note)));
		if (!this.groups.isEmpty()) {
			lines.add(oneLine(this.groupsHeading) + ":");
			for (Group group : this.groups) {
				String item = "• " + oneLine(group.lead()) + ": " + oneLine(group.what());
				lines.add((group.line() != null) ? item + " · " + oneLine(group.line()) : item);
			}
		}
		lines.add(this.link);
		return String.join("\n", lines);
	}

	/** Text on one line, markup characters escaped. */
	static String escape(String text) {
		return MARKUP.matcher(oneLine(text)).replaceAll((match) -> Matcher.quoteReplacement("\\" + match.group()));
	}

	/**
	 * Text as a code span: between more backticks than it holds in a row, with a space
	 * inside when it starts or ends with one.
	 */
	static String code(String text) {
		String line = oneLine(text);
		int longest = BACKTICKS.matcher(line).results().mapToInt((run) -> run.group().length()).max().orElse(0);
		String fence = "`".repeat(longest + 1);
		String padding = (line.startsWith("`") || line.endsWith("`")) ? " " : "";
		return fence + padding + line + padding + fence;
	}

	/**
	 * Text on one line: line breaks, other separators, controls and format characters
	 * (such as the marks that reorder text) become single spaces.
	 */
	static String oneLine(String text) {
		StringBuilder line = new StringBuilder(text.length());
		boolean space = false;
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			int codePoint = text.codePointAt(i);
			if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || invisible(codePoint)) {
				space = line.length() > 0;
				continue;
			}
			if (space) {
				line.append(' ');
				space = false;
			}
			line.appendCodePoint(codePoint);
		}
		return line.toString();
	}

	private static boolean invisible(int codePoint) {
		int type = Character.getType(codePoint);
		return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR;
	}

}
