package io.recengine.plugin.easyrec.bench;

import io.recengine.core.expr.Expression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One {@code RankScore}-style evaluation, to check that {@link Expression#evaluate} allocates nothing once
 * compiled: run {@code bench/rank-jmh.sh -prof gc ExpressionBench} (it runs {@code RankBench} too) and read
 * {@code gc.alloc.rate.norm} (bytes per operation; expected about 0). This replaced a unit test that counted allocated bytes, which
 * depended on when the JIT compiled (and escape-analysed) the evaluation loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExpressionBench {

    final Expression expression = Expression.parse("(${a} # ${b}) * ${c} ^ 2 + ${d} / 3 - 1");
    final double[] values = {0, 0.5, 2, 9};
    final Expression.Variables variables = n -> values[n.charAt(0) - 'a'];

    @Benchmark
    public double evaluate() {
        return expression.evaluate(variables);
    }
}
