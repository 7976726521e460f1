package dev.runboard.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Resolves handler arguments whose type one of the {@link RequestBinder}s binds.
 */
class RequestBinders implements HandlerMethodArgumentResolver {

	private final List<RequestBinder<?>> binders;

	RequestBinders(List<RequestBinder<?>> binders) {
		this.binders = List.copyOf(binders);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return binder(parameter.getParameterType()) != null;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
			WebDataBinderFactory binderFactory) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
		@SuppressWarnings("unchecked")
		Map<String, String> pathVariables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		return binder(parameter.getParameterType())
			.bind(new RequestBinder.Values(parameters, (pathVariables != null) ? pathVariables : Map.of()));
	}

	private RequestBinder<?> binder(Class<?> type) {
		for (RequestBinder<?> binder : this.binders) {
			if (binder.type().equals(type)) {
				return binder;
			}
		}
		return null;
	}

}
