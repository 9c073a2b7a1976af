package carousel.train;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every layer and option against central finite differences in double precision. */
class GradientCheckTest {
    static final double TOLERANCE = 1e-6;

    @TestFactory
    Stream<DynamicTest> everyLayerAndOption() {
        return GradientCheck.standardCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            GradientCheck.Report r = GradientCheck.run(c, 42, 60);
            System.out.println(r);
            assertTrue(r.passed(TOLERANCE), r.toString());
            assertTrue(r.checked() > 20, "too few values checked: " + r);
        }));
    }
}
