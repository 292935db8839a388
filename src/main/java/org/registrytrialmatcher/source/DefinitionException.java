package org.registrytrialmatcher.source;

/**
 * A definition file (source profile, catalogue, trial definition) is malformed. The message
 * names the file and the entry; it never carries patient data.
 */
public class DefinitionException extends RuntimeException {
    public DefinitionException(String message) {
        super(message);
    }

    public DefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
