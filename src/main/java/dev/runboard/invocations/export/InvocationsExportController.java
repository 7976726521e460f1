package dev.runboard.invocations.export;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.runboard.aws.Sources;
import dev.runboard.invocations.HistoryFilter;
import dev.runboard.invocations.InvocationFilter;
import dev.runboard.invocations.InvocationReader;
import dev.runboard.invocations.RowReader;
import dev.runboard.invocations.StoredInvocations;
import dev.runboard.security.OutputAccess;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The invocations table and history as CSV or JSON, with the same query parameters as
 * their views. Rows are streamed from SSM (or the store) as they are written (one call or
 * query per 50 rows), so an export never holds the whole result in memory. It never ends
 * silently: it completes, or it ends with a line (CSV) or fields (JSON) that say where
 * and why it stopped: at {@code runboard.export.max-rows}, {@code max-calls} or
 * {@code time-limit}, or because SSM (or the store) failed.
 */
@RestController
class InvocationsExportController {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Sources sources;

	private final StoredInvocations history;

	private final OutputAccess outputAccess;

	private final ExportProperties properties;

	private final ExportSlots slots;

	private final Clock clock;

	private final CsvExportWriter csv = new CsvExportWriter();

	private final JsonExportWriter json = new JsonExportWriter();

	InvocationsExportController(Sources sources, StoredInvocations history, OutputAccess outputAccess,
			ExportProperties properties, ExportSlots slots, Clock clock) {
		this.sources = sources;
		this.history = history;
		this.outputAccess = outputAccess;
		this.properties = properties;
		this.slots = slots;
		this.clock = clock;
	}

	@GetMapping("/invocations.csv")
	ResponseEntity<StreamingResponseBody> csv(InvocationFilter filter, Principal user) {
		// A table's page size is about scrolling; an export always reads full pages.
		InvocationFilter full = filter.withFullPages();
		return csv(start((mayCall) -> InvocationReader.of(this.sources, full, mayCall), user), "invocations");
	}

	@GetMapping("/invocations.json")
	ResponseEntity<StreamingResponseBody> json(InvocationFilter filter, Principal user) {
		InvocationFilter full = filter.withFullPages();
		return json(start((mayCall) -> InvocationReader.of(this.sources, full, mayCall), user),
				full.link("/invocations").toString(), "invocations");
	}

	@GetMapping("/history.csv")
	ResponseEntity<StreamingResponseBody> historyCsv(HistoryFilter filter, Principal user) {
		return csv(start((mayRead) -> this.history.reader(filter, mayRead), user), "history");
	}

	@GetMapping("/history.json")
	ResponseEntity<StreamingResponseBody> historyJson(HistoryFilter filter, Principal user) {
		return json(start((mayRead) -> this.history.reader(filter, mayRead), user),
				filter.withFullPages().link("/history").toString(), "history");
	}

	private ResponseEntity<StreamingResponseBody> csv(ExportRun export, String name) {
		boolean namesSources = this.sources.moreThanOne();
		return response((out) -> {
			try {
				this.csv.write(export, namesSources, out);
			}
			finally {
				export.end("csv");
			}
		}, CSV, name, "csv");
	}

	private ResponseEntity<StreamingResponseBody> json(ExportRun export, String query, String name) {
		boolean namesSources = this.sources.moreThanOne();
		return response((out) -> {
			try {
				this.json.write(export, query, namesSources, out);
			}
			finally {
				export.end("json");
			}
		}, MediaType.APPLICATION_JSON, name, "json");
	}

	/**
	 * Takes a slot for the export and reads its first page before anything is written, so
	 * too many exports, bad input and failures to read still get their own status and
	 * error page, and refused exports cost no call.
	 */
	private ExportRun start(Function<BooleanSupplier, RowReader> reader, Principal user) {
		String name = (user != null) ? user.getName() : "-";
		ExportSlots.Slot slot = this.slots.take(name);
		return new ExportRun(this.properties, slot, reader, this.outputAccess.allowed(), name);
	}

	private ResponseEntity<StreamingResponseBody> response(StreamingResponseBody body, MediaType type, String name,
			String extension) {
		String filename = name + "-" + FILE_TIME.format(this.clock.instant()) + "." + extension;
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(body);
	}

}
