package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runboard.web.Fragments;
import dev.runboard.web.Fragments.Renderer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

/**
 * Rows of the invocations table as HTML. A final invocation never changes, so its row is
 * drawn once and kept: the key is the whole row as the signed-in user may see it (where
 * it was read, the invocation with or without its output, the links, whether details are
 * shown), so a row kept for one user is shown to another only where that user would have
 * seen the very same row, and a status that changed is another key. A row carries no
 * state of the request that draws it (ages are written by the browser from
 * {@code datetime}). Rows that are not final poll, and are drawn each time.
 */
@Component
class RenderedRows {

	static final String TEMPLATE = "invocations/row";

	static final String FRAGMENT = "row";

	private final Fragments fragments;

	private final Cache<InvocationRow, String> finals;

	RenderedRows(Fragments fragments, InvocationsProperties properties, MeterRegistry meters) {
		this.fragments = fragments;
		long maxBytes = Math.max(0, properties.rowCache().toBytes());
		// Each entry holds the row twice: as the key's values and as its HTML.
		this.finals = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.<InvocationRow, String>weigher((row, html) -> 4 * html.length())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.finals, "runboard.rows");
	}

	/** The HTML of each row, in order. */
	List<String> render(List<InvocationRow> rows, HttpServletRequest request, HttpServletResponse response) {
		List<String> html = new ArrayList<>(rows.size());
		Renderer renderer = null;
		for (InvocationRow row : rows) {
			String kept = row.invocation().running() ? null : this.finals.getIfPresent(row);
			if (kept == null) {
				if (renderer == null) {
					renderer = this.fragments.renderer(TEMPLATE, FRAGMENT, request, response);
				}
				kept = renderer.render("row", row);
				if (!row.invocation().running()) {
					this.finals.put(row, kept);
				}
			}
			html.add(kept);
		}
		return html;
	}

}
