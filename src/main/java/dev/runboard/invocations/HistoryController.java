package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.StoredInvocations.StoredPage;
import dev.runboard.security.OutputAccess;
import dev.runboard.security.ViewName;
import dev.runboard.web.RendersRows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * History: the invocations table over the store, older than SSM keeps included, with the
 * filters, rows and infinite scroll of {@code /invocations}. One URL renders two ways, as
 * the table's does; {@code /history/rows} serves the scroll's pages, each one query to
 * the store from where the page before ended (a {@code cursor} bound to its view).
 * Nothing here calls SSM: rows show what was recorded, and do not refresh themselves.
 */
@Controller
class HistoryController {

	static final String VIEW_HISTORY = "invocations/history";

	static final String PATH = "/history";

	static final String ROWS = PATH + "/rows";

	private final Sources sources;

	private final StoredInvocations store;

	private final OutputAccess outputAccess;

	private final RenderedRows rendered;

	private final InvocationTitles titles;

	private final InvocationChatSummaries chat;

	HistoryController(Sources sources, StoredInvocations store, OutputAccess outputAccess, RenderedRows rendered,
			InvocationTitles titles, InvocationChatSummaries chat) {
		this.sources = sources;
		this.store = store;
		this.outputAccess = outputAccess;
		this.rendered = rendered;
		this.titles = titles;
		this.chat = chat;
	}

	@GetMapping(PATH)
	String history(HistoryFilter filter, Model model, HttpServletRequest request, HttpServletResponse response) {
		addFirstPage(filter, model, request, response);
		return VIEW_HISTORY;
	}

	@HxRequest
	@GetMapping(PATH)
	String results(HistoryFilter filter, Model model, HtmxResponse htmx, HttpServletRequest request,
			HttpServletResponse response) {
		addFirstPage(filter, model, request, response);
		htmx.setPushUrl(filter.link(PATH).toString());
		return VIEW_HISTORY + " :: results";
	}

	/** A scroll page: the rows after {@code cursor}, or the first page without one. */
	@RendersRows(startOver = PATH)
	@GetMapping(ROWS)
	String rows(HistoryFilter filter, @RequestParam(name = "cursor", required = false) String cursor, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		String after = StringUtils.hasText(cursor) ? cursor : null;
		addPage(filter, this.store.page(filter, after), model, request, response);
		model.addAttribute("firstPage", after == null);
		return VIEW_HISTORY + " :: rows";
	}

	private void addFirstPage(HistoryFilter filter, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		StoredPage page = this.store.page(filter, null);
		addPage(filter, page, model, request, response);
		ViewName name = this.titles.history(filter);
		List<InvocationView> shown = page.rows()
			.stream()
			.map((row) -> this.outputAccess.apply(row.invocation()))
			.toList();
		model.addAttribute("viewName", name);
		model.addAttribute("chat",
				this.chat.summary(filter.link(PATH), name, shown, !page.last(), false, this.outputAccess.allowed()));
		model.addAttribute("recorder", this.store.recorder(filter));
		model.addAttribute("firstPage", true);
		FilterChoices.add(model, this.sources);
	}

	private void addPage(HistoryFilter filter, StoredPage page, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		InvocationFilter invocations = filter.invocations();
		boolean details = invocations.query().details();
		model.addAttribute("history", filter);
		model.addAttribute("searchesOutput", filter.search() != null && this.outputAccess.allowed());
		model.addAttribute("filter", invocations);
		model.addAttribute("query", invocations.query());
		List<InvocationRow> rows = new ArrayList<>(page.rows().size());
		for (int i = 0; i < page.rows().size(); i++) {
			SourcedInvocation row = page.rows().get(i);
			rows.add(new InvocationRow(this.sources.shown(row.source()), this.outputAccess.apply(row.invocation()),
					details, true, page.matches().get(i)));
		}
		model.addAttribute("rows", this.rendered.render(rows, request, response));
		model.addAttribute("nextUrl", page.last() ? null : filter.link(ROWS).with("cursor", page.cursor()).toString());
		FilterChoices.addWhere(model, this.sources, invocations);
	}

}
