package dev.runboard.invocations;

import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.MergedInvocations.MergedPage;
import dev.runboard.security.OutputAccess;
import dev.runboard.security.ViewName;
import dev.runboard.web.DocumentsSeen;
import dev.runboard.web.Navigation;
import dev.runboard.web.PageToken;
import dev.runboard.web.RendersRows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The invocations table. One URL renders two ways: the whole page for a browser, the
 * results alone for an htmx filter change; {@code /invocations/rows} serves the pages the
 * infinite scroll asks for. Each costs at most one {@code ListCommandInvocations} call
 * per stream: per status asked for, in each account and region read.
 */
@Controller
class InvocationsController {

	static final String VIEW_LIST = "invocations/list";

	static final String PATH = "/invocations";

	private final Sources sources;

	private final MergedInvocations invocations;

	private final OutputAccess outputAccess;

	private final RenderedRows rendered;

	private final InvocationTitles titles;

	private final InvocationChatSummaries chat;

	private final DocumentsSeen documents;

	private final StoredInvocations history;

	InvocationsController(Sources sources, MergedInvocations invocations, OutputAccess outputAccess,
			RenderedRows rendered, InvocationTitles titles, InvocationChatSummaries chat, DocumentsSeen documents,
			StoredInvocations history) {
		this.history = history;
		this.sources = sources;
		this.invocations = invocations;
		this.outputAccess = outputAccess;
		this.rendered = rendered;
		this.titles = titles;
		this.chat = chat;
		this.documents = documents;
	}

	@GetMapping("/")
	String root() {
		return "redirect:" + PATH;
	}

	@GetMapping(PATH)
	String list(InvocationFilter filter, Model model, HttpServletRequest request, HttpServletResponse response) {
		addFirstPage(filter, model, request, response);
		return VIEW_LIST;
	}

	@HxRequest
	@GetMapping(PATH)
	String results(InvocationFilter filter, Model model, HtmxResponse htmx, HttpServletRequest request,
			HttpServletResponse response) {
		addFirstPage(filter, model, request, response);
		// The form submits blank fields too; push the canonical link instead.
		htmx.setPushUrl(filter.link(PATH).toString());
		model.addAttribute("navOob", true);
		return VIEW_LIST + " :: results";
	}

	/**
	 * A scroll page. Whoever scrolled once will likely scroll again, so the page after
	 * this one is read in the background while this one renders.
	 */
	@RendersRows
	@GetMapping(PATH + "/rows")
	String rows(InvocationFilter filter, PageToken token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		MergedPage page = this.invocations.page(filter, token, !token.first());
		addPage(filter, page, model, request, response);
		model.addAttribute("firstPage", token.first());
		return VIEW_LIST + " :: rows";
	}

	/**
	 * The first page, named after its filter, with its summary for chat: the first page's
	 * rows are what it counts.
	 */
	private void addFirstPage(InvocationFilter filter, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		MergedPage page = this.invocations.page(filter, PageToken.FIRST);
		addPage(filter, page, model, request, response);
		ViewName name = this.titles.list(filter);
		boolean output = this.outputAccess.allowed();
		List<InvocationView> shown = page.rows()
			.stream()
			.map((row) -> this.outputAccess.apply(row.invocation()))
			.toList();
		model.addAttribute("viewName", name);
		model.addAttribute("chat",
				this.chat.summary(filter, PATH, name, shown, !page.last(), !page.errors().isEmpty(), output));
		model.addAttribute("firstPage", true);
		FilterChoices.add(model, this.sources);
		// A view of one region (or account) keeps it on the way to the commands view, and
		// a view of every one leads to the commands of every one.
		model.addAttribute("nav",
				this.sources.moreThanOne() ? new Navigation(chosen(filter.account(), this.sources.accounts()),
						chosen(filter.region(), this.sources.regions())) : Navigation.NONE);
	}

	/**
	 * What a view reads of accounts or regions, as a link names it: all when it names
	 * none.
	 */
	private static String chosen(String named, List<String> configured) {
		return (named != null) ? named : (configured.size() > 1) ? Sources.ALL : null;
	}

	private void addPage(InvocationFilter filter, MergedPage page, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("filter", filter);
		model.addAttribute("query", filter.query());
		List<InvocationRow> rows = page.rows()
			.stream()
			.map((row) -> new InvocationRow(this.sources.shown(row.source()), this.outputAccess.apply(row.invocation()),
					filter.query().details()))
			.toList();
		model.addAttribute("rows", this.rendered.render(rows, request, response));
		this.documents.saw(page.rows().stream().map((row) -> row.invocation().documentName()).toList());
		if (page.rows().isEmpty() && filter.query().document() != null) {
			// SSM's document filter is exact and case-sensitive: say so, and what it may
			// have meant.
			model.addAttribute("documentHints",
					this.documents.nearMatches(filter.query().document())
						.stream()
						.map((name) -> new DocumentsSeen.Hint(name, filter.withDocument(name).link(PATH).toString()))
						.toList());
		}
		model.addAttribute("streamErrors", page.errors());
		model.addAttribute("stalled", page.stalled());
		model.addAttribute("nextUrl",
				page.last() ? null : filter.link(PATH + "/rows").with("nextToken", page.nextToken()).toString());
		// Where the end of what SSM holds leads on: the same view in history.
		model.addAttribute("historyUrl",
				this.history.enabled() ? filter.link(HistoryController.PATH).toString() : null);
		FilterChoices.addWhere(model, this.sources, filter);
	}

}
