package dev.runboard.invocations;

import java.util.List;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationDetail;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.OutputAccess;
import dev.runboard.web.Elsewhere;
import dev.runboard.web.Link;
import dev.runboard.web.Navigation;
import dev.runboard.web.NotFoundHere.WayOut;
import dev.runboard.web.Polled;
import dev.runboard.web.RendersRows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * One invocation: every plugin with its whole output. While the invocation runs, the page
 * polls this same URL with htmx, which costs one {@code ListCommandInvocations} call; the
 * whole output ({@code GetCommandInvocation} per plugin) is fetched once it is final. An
 * invocation SSM no longer lists (it forgets after 30 days) is served from the history
 * store, marked as such, with what the store kept, and no action.
 */
@Controller
class InvocationDetailController {

	static final String VIEW_DETAIL = "invocations/detail";

	private final Sources sources;

	private final OutputAccess outputAccess;

	private final InvocationTitles titles;

	private final StoredInvocations history;

	InvocationDetailController(Sources sources, OutputAccess outputAccess, InvocationTitles titles,
			StoredInvocations history) {
		this.sources = sources;
		this.history = history;
		this.outputAccess = outputAccess;
		this.titles = titles;
	}

	/**
	 * The page; an invocation SSM does not list where the link looked is looked for in
	 * the other configured accounts and regions ({@link Elsewhere}).
	 */
	@GetMapping(InvocationLinks.DETAIL)
	String detail(InvocationKey key, Source source, Model model, HttpServletRequest request) {
		try {
			addInvocation(key, source, model);
		}
		catch (AwsFailure ex) {
			return Elsewhere.redirect(ex, this.sources, source, request, "the invocation",
					(other) -> other.runCommand().invocation(key.commandId(), key.instanceId()),
					(other) -> new InvocationLinks(key.commandId(), key.instanceId(), other).detail(),
					List.of(new WayOut("Its command's invocations in every region",
							Link.to("/invocations").with("commandId", key.commandId()).toString())));
		}
		model.addAttribute("viewName", this.titles.detail(key, source));
		return VIEW_DETAIL;
	}

	@Polled
	@HxRequest
	@GetMapping(InvocationLinks.DETAIL)
	String live(InvocationKey key, Source source, Model model) {
		addInvocation(key, source, model);
		return VIEW_DETAIL + " :: live";
	}

	/**
	 * One table row, for a row that refreshes itself until its invocation is final; the
	 * table's filters are checked as the table checks them.
	 */
	@Polled
	@RendersRows
	@GetMapping(InvocationLinks.DETAIL + "/row")
	String row(InvocationKey key, InvocationFilter filter, Source source, Model model) {
		boolean withDetails = filter.query().details();
		InvocationView invocation = source.runCommand().invocation(key.commandId(), key.instanceId());
		model.addAttribute("row", new InvocationRow(this.sources.shown(source),
				this.outputAccess.apply(withDetails ? invocation : invocation.withoutPlugins()), withDetails));
		return RenderedRows.TEMPLATE + " :: " + RenderedRows.FRAGMENT;
	}

	private void addInvocation(InvocationKey key, Source source, Model model) {
		InvocationView invocation;
		try {
			invocation = source.runCommand().invocation(key.commandId(), key.instanceId());
		}
		catch (AwsFailure ex) {
			addForgotten(this.history.forgotten(ex, source, key.commandId(), key.instanceId()), source, model);
			return;
		}
		model.addAttribute("fromHistory", false);
		model.addAttribute("polls", invocation.running());
		model.addAttribute("historyUrl",
				this.history.enabled() ? InvocationLinks.of(invocation, null).nodeHistory() : null);
		if (invocation.running() || !this.outputAccess.allowed()) {
			model.addAttribute("inv", this.outputAccess.apply(invocation));
		}
		else {
			InvocationDetail detail = source.runCommand().detail(invocation);
			model.addAttribute("inv", detail.invocation());
			model.addAttribute("partial", detail.partial());
		}
		model.addAttribute("source", source);
		model.addAttribute("links", InvocationLinks.of(invocation, this.sources.shown(source)));
		model.addAttribute("nav", Navigation.of(this.sources.shown(source)));
		addElsewhere((InvocationView) model.getAttribute("inv"), model);
	}

	/**
	 * Where a plugin's telling line leads: a search of history for it, when there is one.
	 */
	private void addElsewhere(InvocationView shown, Model model) {
		model.addAttribute("elsewhere",
				(this.history.enabled() && this.outputAccess.allowed()) ? FindElsewhere.of(shown) : List.of());
	}

	/**
	 * What the store kept of an invocation SSM forgot: the page says so, and neither
	 * polls nor offers actions.
	 */
	private void addForgotten(StoredInvocations.Forgotten forgotten, Source source, Model model) {
		InvocationView invocation = forgotten.invocation();
		model.addAttribute("inv", this.outputAccess.apply(invocation));
		model.addAttribute("fromHistory", true);
		model.addAttribute("lost", forgotten.lost());
		model.addAttribute("polls", false);
		model.addAttribute("historyUrl", InvocationLinks.of(invocation, null).nodeHistory());
		model.addAttribute("source", source);
		model.addAttribute("links", InvocationLinks.of(invocation, this.sources.shown(source)));
		addElsewhere(invocation, model);
	}

}
