package dev.runboard.invocations;

import dev.runboard.security.OutputAccess;
import dev.runboard.ssm.InvocationQuery;
import dev.runboard.ssm.InvocationView;
import dev.runboard.ssm.Page;
import dev.runboard.ssm.Parameters;
import dev.runboard.ssm.SsmService;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The invocations table. One URL renders two ways: the whole page for a browser, the
 * results alone for an htmx filter change; {@code /invocations/rows} serves the pages
 * the infinite scroll asks for. Each costs exactly one {@code ListCommandInvocations}
 * call.
 */
@Controller
class InvocationsController {

	static final String VIEW_LIST = "invocations/list";

	static final String PATH = "/invocations";

	private final SsmService ssm;

	private final OutputAccess outputAccess;

	InvocationsController(SsmService ssm, OutputAccess outputAccess) {
		this.ssm = ssm;
		this.outputAccess = outputAccess;
	}

	@GetMapping("/")
	String root() {
		return "redirect:" + PATH;
	}

	@GetMapping(PATH)
	String list(@RequestParam MultiValueMap<String, String> parameters, Model model, HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		firstPage(InvocationQuery.from(parameters), model);
		return VIEW_LIST;
	}

	@GetMapping(path = PATH, headers = "HX-Request=true")
	String results(@RequestParam MultiValueMap<String, String> parameters, Model model,
			HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		InvocationQuery query = InvocationQuery.from(parameters);
		firstPage(query, model);
		// The form submits blank fields too; push the canonical link instead.
		response.setHeader("HX-Push-Url", query.uri(PATH));
		return VIEW_LIST + " :: results";
	}

	@GetMapping(PATH + "/rows")
	String rows(@RequestParam MultiValueMap<String, String> parameters, Model model) {
		InvocationQuery query = InvocationQuery.from(parameters);
		String nextToken = Parameters.nextToken(parameters);
		addPage(query, this.ssm.listInvocations(query, nextToken), model);
		model.addAttribute("firstPage", nextToken == null);
		return VIEW_LIST + " :: rows";
	}

	private void firstPage(InvocationQuery query, Model model) {
		addPage(query, this.ssm.listInvocations(query, null), model);
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", InvocationQuery.STATUSES);
	}

	private void addPage(InvocationQuery query, Page<InvocationView> page, Model model) {
		model.addAttribute("query", query);
		model.addAttribute("page", new Page<>(page.items().stream().map(this.outputAccess::apply).toList(),
				page.nextToken()));
		model.addAttribute("nextUrl", page.last() ? null : query.uri(PATH + "/rows", page.nextToken()));
		model.addAttribute("region", this.ssm.region().id());
	}

}
