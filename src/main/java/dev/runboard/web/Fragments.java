package dev.runboard.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.thymeleaf.context.WebExpressionContext;
import org.thymeleaf.spring6.ISpringTemplateEngine;
import org.thymeleaf.spring6.context.webmvc.SpringWebMvcThymeleafRequestContext;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.spring6.naming.SpringContextVariableNames;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.RequestContext;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.view.AbstractTemplateView;

/**
 * Renders fragments of templates to text within a request, as the request's view would
 * (the same engine, {@code @bean} calls, conversion service, and links under the context
 * path), for a view that keeps what it rendered to show it again. What it renders may be
 * shown to another user, so it sees no model but the values it is given, and its links
 * are never rewritten with a session ID.
 */
@Component
public class Fragments {

	private final ISpringTemplateEngine engine;

	private final ApplicationContext applicationContext;

	Fragments(ISpringTemplateEngine engine, ApplicationContext applicationContext) {
		this.engine = engine;
		this.applicationContext = applicationContext;
	}

	/**
	 * A renderer for the fragment {@code selector} of {@code template} in this request,
	 * set up once for however many times it renders.
	 */
	public Renderer renderer(String template, String selector, HttpServletRequest request,
			HttpServletResponse response) {
		HttpServletResponse unrewritten = new HttpServletResponseWrapper(response) {

			@Override
			public String encodeURL(String url) {
				return url;
			}

			@Override
			public String encodeRedirectURL(String url) {
				return url;
			}

		};
		Map<String, Object> variables = new HashMap<>();
		RequestContext requestContext = new RequestContext(request, unrewritten, request.getServletContext(),
				variables);
		variables.put(SpringContextVariableNames.SPRING_REQUEST_CONTEXT, requestContext);
		variables.put(AbstractTemplateView.SPRING_MACRO_REQUEST_CONTEXT_ATTRIBUTE, requestContext);
		variables.put(SpringContextVariableNames.THYMELEAF_REQUEST_CONTEXT,
				new SpringWebMvcThymeleafRequestContext(requestContext, request));
		variables.put(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
				new ThymeleafEvaluationContext(this.applicationContext,
						(ConversionService) request.getAttribute(ConversionService.class.getName())));
		WebExpressionContext context = new WebExpressionContext(this.engine.getConfiguration(),
				JakartaServletWebApplication.buildApplication(request.getServletContext())
					.buildExchange(request, unrewritten),
				RequestContextUtils.getLocale(request), variables);
		return new Renderer(this.engine, template, Set.of(selector), context);
	}

	/**
	 * Renders one fragment, again and again, each time with one value: for one request on
	 * one thread, like the request it belongs to.
	 */
	public static final class Renderer {

		private final ISpringTemplateEngine engine;

		private final String template;

		private final Set<String> selectors;

		private final WebExpressionContext context;

		private Renderer(ISpringTemplateEngine engine, String template, Set<String> selectors,
				WebExpressionContext context) {
			this.engine = engine;
			this.template = template;
			this.selectors = selectors;
			this.context = context;
		}

		/** The fragment's text, with {@code value} as the variable {@code name}. */
		public String render(String name, Object value) {
			this.context.setVariable(name, value);
			return this.engine.process(this.template, this.selectors, this.context);
		}

	}

}
