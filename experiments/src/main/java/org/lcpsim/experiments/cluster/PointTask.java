package org.lcpsim.experiments.cluster;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

/**
 * The task a driver submits to a worker: simulate {@link PointJob} and answer with the result as
 * one points.jsonl line (the store's own format, which reads back equal). {@code worker} is the
 * worker's context, given by the worker's serializer when the task arrives; it is null on the
 * driver, which only sends tasks.
 */
record PointTask(PointJob job, WorkerContext worker) implements Callable<String> {
    @Override
    public String call() {
        if (worker == null) {
            throw new IllegalStateException("a point task can only run on an lcpsim worker");
        }
        return worker.simulate(job);
    }

    /**
     * The wire form of tasks, so that no Java serialization is needed (members refuse it: see
     * {@link HazelcastConfigs}). The driver registers it without a context; a worker with its own.
     */
    static final class Serializer implements StreamSerializer<PointTask> {
        static final int TYPE_ID = 0x1C95;
        private final WorkerContext worker;

        Serializer(WorkerContext worker) {
            this.worker = worker;
        }

        @Override
        public void write(ObjectDataOutput out, PointTask task) throws IOException {
            task.job().write(out);
        }

        @Override
        public PointTask read(ObjectDataInput in) throws IOException {
            return new PointTask(PointJob.read(in), worker);
        }

        @Override
        public int getTypeId() {
            return TYPE_ID;
        }
    }
}
