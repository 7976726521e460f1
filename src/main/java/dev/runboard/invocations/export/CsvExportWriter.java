package dev.runboard.invocations.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.invocations.export.ExportRun.Stop;

/**
 * Writes an export as CSV: a header, a record per invocation as it is read, and, when the
 * export stopped early, a last line that says where and why.
 */
final class CsvExportWriter {

	private static final List<String> COLUMNS = List.of("requested_at", "status", "status_details", "command_id",
			"instance_id", "instance_name", "document", "document_version", "comment", "plugins", "response_codes",
			"output");

	/** Leading columns when rows come from more than one account or region. */
	private static final List<String> SOURCE_COLUMNS = List.of("account", "region");

	/**
	 * @param namesSources whether rows come from more than one account or region, and so
	 * say which
	 */
	void write(ExportRun export, boolean namesSources, OutputStream out) throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		writer.write(csvLine(namesSources ? concat(SOURCE_COLUMNS, COLUMNS) : COLUMNS));
		export.stream((row) -> writer.write(csvLine(namesSources
				? concat(List.of(nullToEmpty(row.source().account()), row.source().region()), row(row.invocation()))
				: row(row.invocation()))), writer::flush);
		Stop stop = export.stop();
		if (stop != null && stop.reason() != ExportRun.Reason.CLIENT_GONE) {
			writer.write("# " + stop.note() + "\r\n");
		}
		writer.flush();
	}

	private static List<String> concat(List<String> first, List<String> second) {
		return Stream.concat(first.stream(), second.stream()).toList();
	}

	private static List<String> row(InvocationView invocation) {
		return List.of(String.valueOf(invocation.requestedAt()), nullToEmpty(invocation.status()),
				nullToEmpty(invocation.statusDetails()), invocation.commandId(), invocation.instanceId(),
				nullToEmpty(invocation.instanceName()), nullToEmpty(invocation.documentName()),
				nullToEmpty(invocation.documentVersion()), nullToEmpty(invocation.comment()),
				invocation.plugins().stream().map(PluginView::name).collect(Collectors.joining(";")),
				invocation.plugins()
					.stream()
					.map((plugin) -> String.valueOf(plugin.responseCode()))
					.collect(Collectors.joining(";")),
				invocation.plugins().stream().map(CsvExportWriter::text).collect(Collectors.joining("\n")));
	}

	private static String text(PluginView plugin) {
		String stdout = plugin.output().stdout();
		String stderr = plugin.output().stderr();
		return stderr.isEmpty() ? stdout : stdout + "\n[stderr]\n" + stderr;
	}

	/**
	 * One CSV record (RFC 4180): every field quoted, quotes doubled, and a field a
	 * spreadsheet would run as a formula (starting with = + - @ tab or carriage return)
	 * prefixed with an apostrophe.
	 */
	static String csvLine(List<String> fields) {
		return fields.stream().map(CsvExportWriter::csvField).collect(Collectors.joining(",")) + "\r\n";
	}

	private static String csvField(String value) {
		String field = value;
		if (!field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0) {
			field = "'" + field;
		}
		return "\"" + field.replace("\"", "\"\"") + "\"";
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
