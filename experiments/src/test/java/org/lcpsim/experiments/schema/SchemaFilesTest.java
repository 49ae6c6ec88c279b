package org.lcpsim.experiments.schema;

class SchemaFilesTest {
    static final String REGENERATE = "./lcpsim schema --write schema";
}
