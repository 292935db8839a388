package org.registrytrialmatcher.linking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Decides who is one child. A record alone is its own child ({@code SOURCE:ID}, SINGLE).
 * Records sharing a linkage key are one child when they come from different sources and agree
 * on birth date and sex: all take the reference of the first in {@code --source} order
 * (LINKED). Otherwise they stay apart (CONFLICT) and the conflict is recorded.
 */
public class LinkageDecider implements ItemProcessor<LinkageGroup, LinkDecision> {
    static final String SINGLE = "SINGLE";
    static final String LINKED = "LINKED";
    static final String CONFLICT = "CONFLICT";

    @Override
    public LinkDecision process(LinkageGroup item) {
        List<LinkageGroup.Member> group = new ArrayList<>(item.members());
        group.sort(Comparator.comparingInt(LinkageGroup.Member::sourceOrder).thenComparing(LinkageGroup.Member::patientId));
        if (group.size() == 1) {
            LinkageGroup.Member m = group.get(0);
            return new LinkDecision(List.of(link(m, m.ref(), SINGLE)), List.of(m.ref()), null, null);
        }
        List<String> problems = new ArrayList<>();
        if (group.stream().map(LinkageGroup.Member::source).distinct().count() < group.size()) problems.add("linkage key used more than once within one registry");
        if (group.stream().map(LinkageGroup.Member::birthDate).distinct().count() > 1) problems.add("birth dates differ");
        if (group.stream().map(LinkageGroup.Member::sex).distinct().count() > 1) problems.add("sex differs");
        List<LinkDecision.Link> links = new ArrayList<>();
        if (problems.isEmpty()) {
            String ref = group.get(0).ref();
            for (LinkageGroup.Member m : group) links.add(link(m, ref, LINKED));
            return new LinkDecision(links, List.of(ref), null, null);
        }
        for (LinkageGroup.Member m : group) links.add(link(m, m.ref(), CONFLICT));
        List<String> refs = group.stream().map(LinkageGroup.Member::ref).toList();
        return new LinkDecision(links, refs, String.join("|", refs), "same linkage key, not merged: " + String.join("; ", problems));
    }

    private static LinkDecision.Link link(LinkageGroup.Member m, String ref, String status) {
        return new LinkDecision.Link(m.source(), m.sourceOrder(), m.patientId(), ref, status);
    }
}
