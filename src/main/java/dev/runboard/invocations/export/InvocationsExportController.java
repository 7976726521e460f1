package dev.runboard.invocations.export;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.InvocationFilter;
import dev.runboard.invocations.MergedInvocations;
import dev.runboard.invocations.MergedInvocations.Row;
import dev.runboard.invocations.export.ExportRun.Stop;
import dev.runboard.security.OutputAccess;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The invocations table as CSV or JSON, with the same query parameters. Rows are streamed
 * from SSM as they are written (one call per 50 rows), so an export never holds the whole
 * result in memory. It never ends silently: it completes, or it ends with a line (CSV) or
 * fields (JSON) that say where and why it stopped: at {@code runboard.export.max-rows},
 * {@code max-calls} or {@code time-limit}, or because SSM failed.
 */
@RestController
class InvocationsExportController {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private static final List<String> COLUMNS = List.of("requested_at", "status", "status_details", "command_id",
			"instance_id", "instance_name", "document", "document_version", "comment", "plugins", "response_codes",
			"output");

	/** Leading columns when rows come from more than one account or region. */
	private static final List<String> SOURCE_COLUMNS = List.of("account", "region");

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Sources sources;

	private final MergedInvocations invocations;

	private final OutputAccess outputAccess;

	private final ExportProperties properties;

	private final ExportSlots slots;

	private final Clock clock;

	/**
	 * Writes {@code <}, {@code >} and {@code &} as {@code \\u} escapes, so that plugin
	 * output in the file can never be read as markup, whatever opens it.
	 */
	private final JsonMapper json = JsonMapper
		.builder(JsonFactory.builder().characterEscapes(new MarkupEscapes()).build())
		.build();

	InvocationsExportController(Sources sources, MergedInvocations invocations, OutputAccess outputAccess,
			ExportProperties properties, ExportSlots slots, Clock clock) {
		this.sources = sources;
		this.invocations = invocations;
		this.outputAccess = outputAccess;
		this.properties = properties;
		this.slots = slots;
		this.clock = clock;
	}

	@GetMapping("/invocations.csv")
	ResponseEntity<StreamingResponseBody> csv(InvocationFilter filter, Principal user) {
		ExportRun export = start(filter, user);
		boolean namesSources = this.sources.moreThanOne();
		StreamingResponseBody body = (out) -> {
			try {
				Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
				writer.write(csvLine(namesSources ? concat(SOURCE_COLUMNS, COLUMNS) : COLUMNS));
				export.stream((row) -> writer.write(csvLine(
						namesSources ? concat(List.of(nullToEmpty(row.source().account()), row.source().region()),
								row(row.invocation())) : row(row.invocation()))),
						writer::flush);
				Stop stop = export.stop();
				if (stop != null && stop.reason() != ExportRun.Reason.CLIENT_GONE) {
					writer.write("# " + stop.note() + "\r\n");
				}
				writer.flush();
			}
			finally {
				export.end("csv");
			}
		};
		return response(body, CSV, "csv");
	}

	@GetMapping("/invocations.json")
	ResponseEntity<StreamingResponseBody> json(InvocationFilter filter, Principal user) {
		ExportRun export = start(filter, user);
		boolean namesSources = this.sources.moreThanOne();
		StreamingResponseBody body = (out) -> {
			try (JsonGenerator generator = this.json.createGenerator(out)) {
				generator.writeStartObject();
				generator.writeStringProperty("query", filter.withFullPages().link("/invocations").toString());
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
			finally {
				export.end("json");
			}
		};
		return response(body, MediaType.APPLICATION_JSON, "json");
	}

	/**
	 * Takes a slot for the export and reads its first page before anything is written, so
	 * too many exports, bad input and AWS failures still get their own status and error
	 * page, and refused exports cost no call.
	 */
	private ExportRun start(InvocationFilter filter, Principal user) {
		String name = (user != null) ? user.getName() : "-";
		ExportSlots.Slot slot = this.slots.take(name);
		// A table's page size is about scrolling; an export always reads full pages.
		return new ExportRun(this.properties, slot, this.invocations, filter.withFullPages(),
				this.outputAccess.allowed(), name);
	}

	private ResponseEntity<StreamingResponseBody> response(StreamingResponseBody body, MediaType type,
			String extension) {
		String filename = "invocations-" + FILE_TIME.format(this.clock.instant()) + "." + extension;
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(body);
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
				invocation.plugins().stream().map(InvocationsExportController::text).collect(Collectors.joining("\n")));
	}

	private static String text(PluginView plugin) {
		String stdout = plugin.output().stdout();
		String stderr = plugin.output().stderr();
		return stderr.isEmpty() ? stdout : stdout + "\n[stderr]\n" + stderr;
	}

	private void writeJson(JsonGenerator generator, Row row, boolean namesSources) {
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

	/**
	 * One CSV record (RFC 4180): every field quoted, quotes doubled, and a field a
	 * spreadsheet would run as a formula (starting with = + - @ tab or carriage return)
	 * prefixed with an apostrophe.
	 */
	static String csvLine(List<String> fields) {
		return fields.stream().map(InvocationsExportController::csvField).collect(Collectors.joining(",")) + "\r\n";
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
