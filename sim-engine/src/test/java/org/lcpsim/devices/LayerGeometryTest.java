package org.lcpsim.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;

class LayerGeometryTest {
    @Test
    void gemmViewHasTheLayersMacs() {
        for (String name : new String[] {"vgg16", "resnet50", "mobilenet", "alexnet"}) {
            Model m = ModelZoo.get(name);
            for (Layer l : m.layers()) {
                LayerGeometry g = LayerGeometry.of(l);
                if (g.isGemm()) {
                    assertEquals(l.macs(), g.gemmMacs(), name + "/" + l.name());
                } else {
                    assertEquals(0, l.macs(), name + "/" + l.name());
                }
                assertEquals(l.outputShape().elements(), g.outputElements());
            }
        }
    }

    @Test
    void convolutionLowersToIm2colGemm() {
        Layer conv = ModelZoo.get("vgg16").layer("conv1_2"); // 64 -> 64, 3x3, 224x224
        LayerGeometry g = LayerGeometry.of(conv);
        assertEquals(224L * 224, g.m());
        assertEquals(64, g.n());
        assertEquals(64 * 9, g.k());
        assertEquals(64L * 64 * 9 + 64, g.weightElements());
        // an output split to a quarter divides the output columns
        ComputeWork slice = ComputeWork.slice("vgg16", java.util.List.of(conv), DataType.FP32, DataType.FP32, 0.25, 0.25, 1);
        assertEquals(16, slice.layers().get(0).geometry().n());
        // work built without a layer has no geometry
        assertFalse(new LayerWork("x", conv.kind(), 1, 2, 3, 4, 5, 1).geometry().known());
    }
}
