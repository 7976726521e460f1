package dev.runboard.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that a part of the page polls while what it shows is not final: when it
 * fails for the moment (a 5xx, such as throttling), {@link ErrorAdvice} tells htmx to
 * swap nothing, so the part keeps what it shows and goes on polling.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Polled {

}
