package dev.runboard.testing;

import java.util.List;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads the invocations table through the stable hooks of the spec, the way a browser and
 * htmx see the HTML.
 */
public final class InvocationsHtml {

	private InvocationsHtml() {
	}

	/** A whole page. */
	public static Document page(String html) {
		return Jsoup.parse(html);
	}

	/**
	 * A fragment of table rows as htmx swaps it into the table body: rows only make sense
	 * inside a table, and an HTML parser drops them anywhere else.
	 */
	public static Element rows(String html) {
		return Jsoup.parse("<table><tbody id=\"fragment\">" + html + "</tbody></table>").getElementById("fragment");
	}

	/** {@code commandId/instanceId} of every invocation row, in page order. */
	public static List<String> invocations(Element scope) {
		return scope.select("tr[data-command-id]").stream().map(InvocationsHtml::key).toList();
	}

	public static String key(Element row) {
		return row.attr("data-command-id") + "/" + row.attr("data-instance-id");
	}

	/** The row of one invocation. */
	public static Element row(Element scope, String commandId, String instanceId) {
		Element row = scope
			.selectFirst("tr[data-command-id=\"" + commandId + "\"][data-instance-id=\"" + instanceId + "\"]");
		if (row == null) {
			throw new AssertionError("No row for " + commandId + "/" + instanceId + " in:\n" + scope);
		}
		return row;
	}

	/**
	 * The infinite-scroll sentinel: an element asking for {@code /invocations/rows} with
	 * a {@code nextToken} when it is revealed.
	 */
	public static Optional<Element> sentinel(Element scope) {
		return scope.select("[hx-get^=/invocations/rows?]")
			.stream()
			.filter((element) -> element.attr("hx-get").matches(".*[?&]nextToken=.*"))
			.filter((element) -> element.attr("hx-trigger").contains("revealed"))
			.findFirst();
	}

}
