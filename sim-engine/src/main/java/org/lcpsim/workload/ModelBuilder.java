package org.lcpsim.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a model layer by layer, inferring shapes as it goes. Without explicit inputs a layer
 * reads the previous layer's output, which keeps chain models (VGG, AlexNet) short to write.
 */
public final class ModelBuilder {
    private final String name;
    private final Shape inputShape;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, Integer> autoNames = new HashMap<>();
    private String last = Model.INPUT;
    private String headStart;
    private boolean headNext;
    private final List<String> notes = new ArrayList<>();

    public ModelBuilder(String name, Shape inputShape) {
        this.name = name;
        this.inputShape = inputShape;
        shapes.put(Model.INPUT, inputShape);
    }

    /** Adds a layer reading the previous layer's output. */
    public ModelBuilder add(String layerName, Op op) {
        return add(layerName, op, List.of(last));
    }

    /** Adds a layer with an automatic name (type_n) reading the previous layer's output. */
    public ModelBuilder then(Op op) {
        return add(autoName(op.type()), op, List.of(last));
    }

    public ModelBuilder add(String layerName, Op op, List<String> inputs) {
        if (layerName == null || layerName.isBlank()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
        if (shapes.containsKey(layerName)) {
            throw new IllegalArgumentException("duplicate layer name '" + layerName + "'");
        }
        List<Shape> inShapes = new ArrayList<>();
        for (String in : inputs) {
            Shape s = shapes.get(in);
            if (s == null) {
                throw new IllegalArgumentException("layer '" + layerName + "' reads unknown tensor '" + in + "'");
            }
            inShapes.add(s);
        }
        Shape out;
        try {
            out = op.outputShape(inShapes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer '" + layerName + "': " + e.getMessage(), e);
        }
        layers.add(new Layer(layerName, op, inputs, inShapes, out, op.counts(inShapes, out)));
        shapes.put(layerName, out);
        last = layerName;
        if (headNext) {
            headStart = layerName;
            headNext = false;
        }
        return this;
    }

    /** Marks the next added layer as the first layer of the classifier head. */
    public ModelBuilder head() {
        headNext = true;
        return this;
    }

    /** Marks an already added layer as the first layer of the head. */
    public ModelBuilder headStart(String layerName) {
        if (!shapes.containsKey(layerName) || Model.INPUT.equals(layerName)) {
            throw new IllegalArgumentException("head start '" + layerName + "' is not a layer");
        }
        headStart = layerName;
        return this;
    }

    /** Adds a note the model carries ({@link Model#notes()}). */
    public ModelBuilder note(String sentence) {
        notes.add(sentence);
        return this;
    }

    public String last() {
        return last;
    }

    public Shape shape(String tensor) {
        return shapes.get(tensor);
    }

    /** The layer added under this name, or null. */
    public Layer layer(String name) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).name().equals(name)) {
                return layers.get(i);
            }
        }
        return null;
    }

    public String autoName(String type) {
        int n = autoNames.merge(type, 1, Integer::sum);
        String candidate = type + "_" + n;
        while (shapes.containsKey(candidate)) {
            n = autoNames.merge(type, 1, Integer::sum);
            candidate = type + "_" + n;
        }
        return candidate;
    }

    public Model build() {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "' has no layers");
        }
        return new Model(name, inputShape, layers, headStart, notes);
    }
}
