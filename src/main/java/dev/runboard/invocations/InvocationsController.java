package dev.runboard.invocations;

import dev.runboard.security.OutputAccess;
import dev.runboard.ssm.InvocationSearch;
import dev.runboard.ssm.MergedInvocations;
import dev.runboard.ssm.MergedInvocations.MergedPage;
import dev.runboard.ssm.MergedInvocations.Row;
import dev.runboard.ssm.SsmSources;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

	private final SsmSources sources;

	private final MergedInvocations invocations;

	private final OutputAccess outputAccess;

	InvocationsController(SsmSources sources, MergedInvocations invocations, OutputAccess outputAccess) {
		this.sources = sources;
		this.invocations = invocations;
		this.outputAccess = outputAccess;
	}

	@GetMapping("/")
	String root() {
		return "redirect:" + PATH;
	}

	@GetMapping(PATH)
	String list(@RequestParam MultiValueMap<String, String> parameters, Model model) {
		firstPage(InvocationSearch.from(parameters, this.sources), model);
		return VIEW_LIST;
	}

	@GetMapping(path = PATH, headers = "HX-Request=true")
	String results(@RequestParam MultiValueMap<String, String> parameters, Model model, HttpServletResponse response) {
		InvocationSearch search = InvocationSearch.from(parameters, this.sources);
		firstPage(search, model);
		// The form submits blank fields too; push the canonical link instead.
		response.setHeader("HX-Push-Url", search.uri(PATH));
		return VIEW_LIST + " :: results";
	}

	@GetMapping(PATH + "/rows")
	String rows(@RequestParam MultiValueMap<String, String> parameters, Model model) {
		InvocationSearch search = InvocationSearch.from(parameters, this.sources);
		String nextToken = MergedInvocations.nextToken(parameters);
		addPage(search, this.invocations.page(search, nextToken), model);
		model.addAttribute("firstPage", nextToken == null);
		return VIEW_LIST + " :: rows";
	}

	private void firstPage(InvocationSearch search, Model model) {
		addPage(search, this.invocations.page(search, null), model);
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", InvocationSearch.STATUS_CHOICES);
		model.addAttribute("regions", this.sources.regions());
		model.addAttribute("accounts", this.sources.accounts());
	}

	private void addPage(InvocationSearch search, MergedPage page, Model model) {
		model.addAttribute("search", search);
		model.addAttribute("query", search.query());
		model.addAttribute("rows",
				page.rows()
					.stream()
					.map((row) -> new Row(row.source(), this.outputAccess.apply(row.invocation())))
					.toList());
		model.addAttribute("streamErrors", page.errors());
		model.addAttribute("stalled", page.stalled());
		model.addAttribute("several", this.sources.several());
		model.addAttribute("nextUrl", page.last() ? null : search.uri(PATH + "/rows", page.nextToken()));
		model.addAttribute("region", (search.region() != null && !SsmSources.ALL.equals(search.region()))
				? search.region() : String.join(", ", this.sources.regions()));
	}

}
