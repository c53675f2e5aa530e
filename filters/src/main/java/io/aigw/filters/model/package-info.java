/**
 * Model names shared by the license, quota and routing code: {@link io.aigw.filters.model.ModelGlob}, the
 * glob syntax of licenses ({@code models}), per-model quotas and the {@code Model} route predicate.
 */
package io.aigw.filters.model;
