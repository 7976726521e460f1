package dev.runboard.web;

import java.util.Map;
import java.util.function.Function;

import dev.runboard.aws.InvalidQueryException;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Binds a handler argument of one type from a request's parameters and path variables, so
 * handlers take a validated record instead of parsing. Each feature declares the binders
 * of its own records as beans; {@link WebConfiguration} hands every one to Spring MVC.
 * Binding fails with an {@code InvalidQueryException} naming the parameter.
 *
 * @param <T> the type of argument it binds
 */
public interface RequestBinder<T> {

	Class<T> type();

	T bind(Values values);

	/**
	 * Binds what this binder accepts of {@code values}: a query parameter it refuses is
	 * left out, as if the link had not carried it, and binding starts again. For naming a
	 * view from a link that nobody signed in asked for (a chat app's preview), where the
	 * rest of the link still says something and a refusal has nobody to tell.
	 * @return the argument, or {@code null} when what it refuses is no query parameter (a
	 * path variable)
	 */
	default T bindAccepted(Values values) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>(values.parameters());
		while (true) {
			try {
				return bind(new Values(parameters, values.pathVariables()));
			}
			catch (InvalidQueryException ex) {
				if (parameters.remove(ex.getParameter()) == null) {
					return null;
				}
			}
		}
	}

	/**
	 * What a request says.
	 *
	 * @param parameters the query parameters, each as often as it was given
	 * @param pathVariables the path variables of the handler's mapping
	 */
	record Values(MultiValueMap<String, String> parameters, Map<String, String> pathVariables) {

		/** The one value of a parameter, stripped; {@code null} when absent or blank. */
		public String single(String name) {
			return QueryParameters.single(this.parameters, name);
		}

	}

	/** A binder of {@code type} that applies {@code bind}. */
	static <T> RequestBinder<T> of(Class<T> type, Function<Values, T> bind) {
		return new RequestBinder<>() {

			@Override
			public Class<T> type() {
				return type;
			}

			@Override
			public T bind(Values values) {
				return bind.apply(values);
			}

		};
	}

}
