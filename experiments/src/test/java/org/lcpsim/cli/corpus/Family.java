package org.lcpsim.cli.corpus;

import java.util.List;

/** A family of hostile inputs of one kind, generated (variations of a valid file, not hand-written one by one). */
public interface Family {
    /** The family's name, as in the closing notes and the test names. */
    String name();

    /** What the family covers, in one sentence. */
    String covers();

    List<Case> cases();
}
