package org.lcpsim.devices.calibration;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The calibration recipes that produce shipped presets: for each device, the frameworks it fits,
 * its committed measurement file, the fit and the YAML it writes. {@code lcpsim calibrate} runs a
 * recipe when no {@code --fit} is given, {@link RegeneratePresets} runs them all, and the tests
 * refit and compare with the shipped files.
 */
public final class Recipes {
    /** One recipe: {@code fit} takes the rows (other devices' are ignored) and returns a report per framework. */
    public record Recipe(String device, List<String> frameworks, String measurements,
                         Function<List<Measurement>, List<CalibrationReport>> fit,
                         Function<List<CalibrationReport>, String> yaml) {
        /** The fit on the committed measurement file. */
        public List<CalibrationReport> run() {
            return fit.apply(Measurement.readResource(measurements));
        }
    }

    /** In the order a regeneration runs them: aws-t2.micro reads the shipped rpi3 preset's framework memory. */
    public static final List<Recipe> ALL = List.of(
            new Recipe("rpi3", List.of("tensorflow", "tflite", "pytorch"), Rpi3Calibration.MEASUREMENTS, Rpi3Calibration::run,
                    Rpi3Calibration::yaml),
            new Recipe("jetson-tx2", List.of("best"), JetsonCalibration.MEASUREMENTS, rows -> List.of(JetsonCalibration.tx2(rows)),
                    r -> JetsonCalibration.yaml(r.get(0))),
            new Recipe("jetson-nano", List.of("tensorrt"), JetsonCalibration.MEASUREMENTS,
                    rows -> List.of(JetsonCalibration.nano(rows)), r -> JetsonCalibration.yaml(r.get(0))),
            new Recipe("aws-t2.micro", List.of("tensorflow"), AwsT2Calibration.MEASUREMENTS,
                    rows -> List.of(AwsT2Calibration.run(rows)), r -> AwsT2Calibration.yaml(r.get(0))));

    private static final Map<String, Recipe> BY_DEVICE = ALL.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Recipe::device, r -> r));

    private Recipes() {
    }

    /** The recipe of a device, or null when it has none. */
    public static Recipe of(String device) {
        return BY_DEVICE.get(device);
    }
}
