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
 * Rows of the invocations table as HTML, each drawn once and kept. The key is the whole
 * row as the signed-in user may see it (where it was read, which its links follow, the
 * invocation with or without its output, whether details are shown), so a row kept for
 * one user is shown to another only where that user would have seen the very same row,
 * and an invocation whose status or output changed is another key. A final invocation
 * never changes, so its row is drawn once; a running one is drawn again whenever SSM
 * lists it otherwise. A row carries no state of the request that draws it (ages are
 * written by the browser from {@code datetime}), so what it shows follows from its key
 * alone.
 */
@Component
class RenderedRows {

	static final String TEMPLATE = "invocations/row";

	static final String FRAGMENT = "row";

	private final Fragments fragments;

	private final Cache<InvocationRow, String> drawn;

	RenderedRows(Fragments fragments, InvocationsProperties properties, MeterRegistry meters) {
		this.fragments = fragments;
		long maxBytes = Math.max(0, properties.rowCache().toBytes());
		// Each entry holds the row twice: as the key's values and as its HTML.
		this.drawn = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.<InvocationRow, String>weigher((row, html) -> 4 * html.length())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.drawn, "runboard.rows");
	}

	/** The HTML of each row, in order. */
	List<String> render(List<InvocationRow> rows, HttpServletRequest request, HttpServletResponse response) {
		List<String> html = new ArrayList<>(rows.size());
		Renderer renderer = null;
		for (InvocationRow row : rows) {
			String kept = this.drawn.getIfPresent(row);
			if (kept == null) {
				if (renderer == null) {
					renderer = this.fragments.renderer(TEMPLATE, FRAGMENT, request, response);
				}
				kept = renderer.render("row", row);
				this.drawn.put(row, kept);
			}
			html.add(kept);
		}
		return html;
	}

}
