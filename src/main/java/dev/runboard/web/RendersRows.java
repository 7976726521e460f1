package dev.runboard.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that answers htmx with table rows (a page of them, or one row
 * refreshing itself): when it fails, {@link ErrorAdvice} answers with a row too, so the
 * rows already shown stay usable.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RendersRows {

	/** Where the row's "Start over" link leads when retrying cannot help. */
	String startOver() default "/invocations";

}
