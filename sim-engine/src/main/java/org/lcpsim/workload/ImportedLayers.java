package org.lcpsim.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the ONNX and Keras importers do alike with the layers they read, whose records differ
 * only in their type: keep those the model's output needs, and list what was counted.
 */
public final class ImportedLayers {
    private ImportedLayers() {
    }

    /**
     * The layers that {@code outLayer} needs, in their order in {@code layers}, with
     * {@code outLayer} last whatever the file's order of independent layers.
     *
     * @param byName every layer by its name
     * @param <T>    the importer's layer record
     */
    public static <T> List<T> neededBy(String outLayer, List<T> layers, Map<String, T> byName, Function<T, String> name,
                                       Function<T, List<String>> inputs) {
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(outLayer));
        while (!todo.isEmpty()) {
            String l = todo.pop();
            if (!l.equals(Model.INPUT) && needed.add(l)) {
                todo.addAll(inputs.apply(byName.get(l)));
            }
        }
        List<T> kept = new ArrayList<>();
        for (T p : layers) {
            String n = name.apply(p);
            if (needed.contains(n) && !n.equals(outLayer)) {
                kept.add(p);
            }
        }
        kept.add(byName.get(outLayer));
        return kept;
    }

    /** "a (2), b (1)": each name with its count, in the map's order. */
    public static String counted(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((n, count) -> parts.add(n + " (" + count + ")"));
        return String.join(", ", parts);
    }
}
