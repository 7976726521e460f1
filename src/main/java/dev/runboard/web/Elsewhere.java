package dev.runboard.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.web.NotFoundHere.WayOut;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What a page does when SSM does not list what its link names where the link looked: it
 * looks in the other configured accounts and regions. A link that named none, for a thing
 * listed in exactly one other place, lands there; otherwise the 404 page says where it is
 * listed, a link each, or that none lists it.
 */
public final class Elsewhere {

	private Elsewhere() {
	}

	/**
	 * Where else to go for what {@code here} does not list.
	 * @param notFound what SSM answered here
	 * @param what how pages name it ({@code the command})
	 * @param lookUp asks one other source for it: one call, failing as it fails here
	 * @param linkIn the page's link in another source
	 * @param alsoOffered ways out offered whatever the lookup finds
	 * @return the redirect to the one place it is, for a link that named none
	 * @throws AwsFailure {@code notFound} itself when only one source is configured, or
	 * it was not a {@code NOT_FOUND}
	 * @throws NotFoundHere otherwise, with the places it is listed
	 */
	public static String redirect(AwsFailure notFound, Sources sources, Source here, HttpServletRequest request,
			String what, Consumer<Source> lookUp, Function<Source, String> linkIn, List<WayOut> alsoOffered) {
		if (notFound.kind() != AwsFailure.Kind.NOT_FOUND || !sources.moreThanOne()) {
			throw notFound;
		}
		List<Source> holding = new ArrayList<>();
		for (Source other : sources.all()) {
			if (other.equals(here)) {
				continue;
			}
			try {
				lookUp.accept(other);
				holding.add(other);
			}
			catch (AwsFailure ex) {
				// Not there, or that source cannot tell now: not a place to offer.
			}
		}
		boolean placeNamed = request.getParameter("region") != null || request.getParameter("account") != null;
		if (holding.size() == 1 && !placeNamed) {
			return "redirect:" + linkIn.apply(holding.get(0));
		}
		List<WayOut> waysOut = new ArrayList<>();
		for (Source other : holding) {
			waysOut.add(new WayOut(capitalized(what) + " in " + other.label(), linkIn.apply(other)));
		}
		waysOut.addAll(alsoOffered);
		throw new NotFoundHere(
				notFound.getMessage() + (holding.isEmpty()
						? " Runboard looked in the other configured regions too: none lists it."
						: " It is listed in " + String.join(", ", holding.stream().map(Source::label).toList()) + "."),
				waysOut);
	}

	private static String capitalized(String what) {
		return Character.toUpperCase(what.charAt(0)) + what.substring(1);
	}

}
