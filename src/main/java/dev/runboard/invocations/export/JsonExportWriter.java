package dev.runboard.invocations.export;

import java.io.OutputStream;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.invocations.SourcedInvocation;
import dev.runboard.invocations.export.ExportRun.Stop;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an export as JSON: the view's link, the invocations as they are read, their
 * count, and whether and why the export stopped early.
 */
final class JsonExportWriter {

	/**
	 * Writes {@code <}, {@code >} and {@code &} as {@code \\u} escapes, so that plugin
	 * output in the file can never be read as markup, whatever opens it.
	 */
	private final JsonMapper json = JsonMapper
		.builder(JsonFactory.builder().characterEscapes(new MarkupEscapes()).build())
		.build();

	/**
	 * @param query the link of the view exported
	 * @param namesSources whether rows come from more than one account or region, and so
	 * say which
	 */
	void write(ExportRun export, String query, boolean namesSources, OutputStream out) {
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("query", query);
			generator.writeName("invocations");
			generator.writeStartArray();
			int written = export.stream((row) -> writeJson(generator, row, namesSources), generator::flush);
			Stop stop = export.stop();
			if (stop == null || stop.reason() != ExportRun.Reason.CLIENT_GONE) {
				generator.writeEndArray();
				generator.writeNumberProperty("count", written);
				generator.writeBooleanProperty("truncated", stop != null);
				if (stop != null) {
					generator.writeStringProperty("stoppedBy", stop.reason().code);
					generator.writeStringProperty("note", stop.note());
				}
				generator.writeEndObject();
			}
		}
	}

	private void writeJson(JsonGenerator generator, SourcedInvocation row, boolean namesSources) {
		InvocationView invocation = row.invocation();
		generator.writeStartObject();
		if (namesSources) {
			generator.writeStringProperty("account", row.source().account());
			generator.writeStringProperty("region", row.source().region());
		}
		generator.writeStringProperty("commandId", invocation.commandId());
		generator.writeStringProperty("instanceId", invocation.instanceId());
		generator.writeStringProperty("instanceName", invocation.instanceName());
		generator.writeStringProperty("status", invocation.status());
		generator.writeStringProperty("statusDetails", invocation.statusDetails());
		generator.writeStringProperty("requestedAt", String.valueOf(invocation.requestedAt()));
		generator.writeStringProperty("documentName", invocation.documentName());
		generator.writeStringProperty("documentVersion", invocation.documentVersion());
		generator.writeStringProperty("comment", invocation.comment());
		generator.writeName("plugins");
		generator.writeStartArray();
		for (PluginView plugin : invocation.plugins()) {
			generator.writeStartObject();
			generator.writeStringProperty("name", plugin.name());
			generator.writeStringProperty("status", plugin.status());
			if (plugin.responseCode() != null) {
				generator.writeNumberProperty("responseCode", plugin.responseCode());
			}
			generator.writeStringProperty("stdout", plugin.output().stdout());
			generator.writeStringProperty("stderr", plugin.output().stderr());
			generator.writeBooleanProperty("truncated", plugin.output().truncated());
			generator.writeEndObject();
		}
		generator.writeEndArray();
		generator.writeEndObject();
	}

	/**
	 * JSON's own escapes, and {@code <}, {@code >} and {@code &} as {@code \\u003C},
	 * {@code \\u003E} and {@code \\u0026}, and the line and paragraph separators as
	 * escapes too (JavaScript before ES2019 could not read them raw in a string).
	 */
	private static final class MarkupEscapes extends CharacterEscapes {

		private final int[] ascii;

		MarkupEscapes() {
			this.ascii = standardAsciiEscapesForJSON();
			this.ascii['<'] = ESCAPE_STANDARD;
			this.ascii['>'] = ESCAPE_STANDARD;
			this.ascii['&'] = ESCAPE_STANDARD;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return this.ascii;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			return switch (ch) {
				case 0x2028 -> new SerializedString("\\u2028");
				case 0x2029 -> new SerializedString("\\u2029");
				default -> null;
			};
		}

	}

}
