package io.aigw.gateway.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package of either module depends, through any chain of others, on itself; no exceptions. Where two
 * packages need each other's types, the shared type moves down (the {@code Protocol} names in
 * {@code filters.protocol}, the adapters' registry up in {@code filters.protocol.adapters}) or the
 * class moves to the package whose job it is (what goes upstream in {@code gateway.upstream}, product
 * authentication in {@code gateway.products}).
 */
@AnalyzeClasses(packages = "io.aigw", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.aigw.(**)").should().beFreeOfCycles();
}
