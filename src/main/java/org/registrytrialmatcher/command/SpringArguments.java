package org.registrytrialmatcher.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into the commands' own options and the Spring properties passed
 * through to Spring Boot ({@code --spring.datasource.url=...}, {@code --rtm.chunk-size=...},
 * {@code --logging.level.root=...}), which the commands do not declare.
 */
public record SpringArguments(List<String> commandArguments, List<String> springProperties) {
    private static final List<String> PREFIXES = List.of("--spring.", "--rtm.", "--logging.");

    public static boolean isSpringProperty(String arg) {
        return PREFIXES.stream().anyMatch(arg::startsWith);
    }

    public static SpringArguments split(String[] args) {
        List<String> command = new ArrayList<>();
        List<String> spring = new ArrayList<>();
        for (String arg : args) (isSpringProperty(arg) ? spring : command).add(arg);
        return new SpringArguments(List.copyOf(command), List.copyOf(spring));
    }
}
