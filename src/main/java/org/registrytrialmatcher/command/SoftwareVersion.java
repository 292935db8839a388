package org.registrytrialmatcher.command;

import picocli.CommandLine.IVersionProvider;

/** The version of the build (the jar's Implementation-Version), "development" when run from classes. */
public final class SoftwareVersion implements IVersionProvider {

    public static String of() {
        String version = SoftwareVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"registry-trial-matcher " + of()};
    }
}
