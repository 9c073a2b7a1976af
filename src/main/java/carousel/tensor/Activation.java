package carousel.tensor;

/**
 * Element-wise activation functions of the recurrent layers, each with its derivative written in
 * terms of the function's <em>output</em> y (so backward needs only cached outputs).
 *
 * <ul>
 *   <li>{@code SIGMOID}  f(x) = 1/(1+e^-x) in [0,1], f' = y(1-y)</li>
 *   <li>{@code TANH}     f(x) = tanh x in [-1,1], f' = 1-y²</li>
 *   <li>{@code SIGMOID2} f(x) = 2σ(x)-1 in [-1,1] (Hochreiter &amp; Schmidhuber 1997, "h"), f' = (1+y)(1-y)/2</li>
 *   <li>{@code SIGMOID4} f(x) = 4σ(x)-2 in [-2,2] (Hochreiter &amp; Schmidhuber 1997, "g"), f' = (2+y)(2-y)/4</li>
 *   <li>{@code IDENTITY} f(x) = x, f' = 1</li>
 *   <li>{@code RELU}     f(x) = max(0,x), f' = [y &gt; 0]</li>
 * </ul>
 */
public enum Activation {
    SIGMOID, TANH, SIGMOID2, SIGMOID4, IDENTITY, RELU;

    public double apply(double x) {
        return switch (this) {
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case SIGMOID2 -> 2 * sigmoid(x) - 1;
            case SIGMOID4 -> 4 * sigmoid(x) - 2;
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
        };
    }

    /** f'(x) expressed through y = f(x). */
    public double derivFromOutput(double y) {
        return switch (this) {
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case SIGMOID2 -> 0.5 * (1 + y) * (1 - y);
            case SIGMOID4 -> 0.25 * (2 + y) * (2 - y);
            case IDENTITY -> 1;
            case RELU -> y > 0 ? 1 : 0;
        };
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Parses names as written in config files and on the command line: sigmoid, tanh, sigmoid2, sigmoid4, identity, relu. */
    public static Activation parse(String name) {
        for (Activation a : values()) if (a.name().equalsIgnoreCase(name)) return a;
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected one of sigmoid, tanh, sigmoid2, sigmoid4, identity, relu)");
    }

    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
