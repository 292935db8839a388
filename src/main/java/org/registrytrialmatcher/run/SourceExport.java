package org.registrytrialmatcher.run;

import java.nio.file.Path;

import org.registrytrialmatcher.source.SourceProfile;

/** One {@code --source=PROFILE:DIR}: the profile and the folder of its export, in the order given. */
public record SourceExport(String name, int order, SourceProfile profile, Path directory) {
}
