package dev.enclave.runtime.internal;

import java.util.function.Function;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;

/**
 * A parameter-free {@link LambdaBlock} that computes its output shape from the input
 * shape. DJL's own lambda blocks find their output shape by running the function on a
 * manager of the default engine, which does not exist inside OSGi (engines are
 * registered by name, not found by {@code ServiceLoader}). Saved exactly like a
 * {@link LambdaBlock}.
 */
final class ShapedLambdaBlock extends LambdaBlock {
    private final UnaryOperator<Shape> shape;

    ShapedLambdaBlock(Function<NDList, NDList> lambda, UnaryOperator<Shape> shape, String name) {
        super(lambda, name);
        this.shape = shape;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] { shape.apply(inputShapes[0]) };
    }
}
