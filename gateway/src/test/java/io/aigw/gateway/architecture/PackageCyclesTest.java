package io.aigw.gateway.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package of either module depends, through any chain of others, on itself.
 *
 * <p>Known debts (issue 15, item 3), each named by the one kind of dependency that closes its cycle and
 * left out of the rule until it is broken; any other cycle fails the build:
 * <ul>
 *   <li>{@code filters.protocol} → its adapter packages: the {@code Protocol} enum builds the adapters,
 *       which use the wire-neutral types beside it;</li>
 *   <li>{@code gateway.upstream} → {@code gateway.route} and {@code gateway.license}: the upstream call
 *       (fallbacks, route checks) reuses the protocol filter's request helpers and the license check, while
 *       the protocol filter starts the upstream call plan.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.aigw", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.aigw.(**)").should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage("io.aigw.filters.protocol"),
                    resideInAnyPackage("io.aigw.filters.protocol.openai", "io.aigw.filters.protocol.anthropic"))
            .ignoreDependency(resideInAPackage("io.aigw.gateway.upstream"),
                    resideInAnyPackage("io.aigw.gateway.route", "io.aigw.gateway.license"));
}
