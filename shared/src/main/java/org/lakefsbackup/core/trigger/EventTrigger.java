package org.lakefsbackup.core.trigger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lease.Lease;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.trigger.TriggerDecision.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one webhook logic every host runs (the CLI's {@code webhook} server, the AWS webhook function, the Azure HTTP
 * function): authenticate the request by the shared secret, read the lakeFS event, accept only repositories this
 * environment backs up and the configured branches, write the event's mark, and then either leave it to the backup
 * holding the repository's lease (which claims the marks at its end and runs one follow-up) or tell the host to
 * start a backup. The mark is written <em>before</em> the lease is read: an event is either seen by the running
 * backup's closing claim or finds the lease free and starts a run, never neither.
 */
public final class EventTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(EventTrigger.class);
    /** Execution names are at most 80 characters (Step Functions); the repository part is cut to fit. */
    private static final int REPOSITORY_PART = 40;

    private final WebhookSecret secret;
    private final EventPolicy policy;
    private final Location backup;
    private final EventMarks marks;
    private final Leases leases;
    private final Function<String, Optional<String>> defaultBranch;
    private final Clock clock;

    /**
     * @param backup        the backup location the environment's backups write to
     * @param defaultBranch a repository's default branch from lakeFS (empty when lakeFS has no such repository);
     *                      asked only when the policy names no branch patterns
     */
    public EventTrigger(WebhookSecret secret, EventPolicy policy, Location backup, EventMarks marks, Leases leases,
                        Function<String, Optional<String>> defaultBranch, Clock clock) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.backup = Objects.requireNonNull(backup, "backup");
        this.marks = Objects.requireNonNull(marks, "marks");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.defaultBranch = Objects.requireNonNull(defaultBranch, "defaultBranch");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Decides what to do with one webhook request.
     *
     * @param presentedSecret the value of the {@link WebhookSecret#HEADER} header ({@code null} when absent)
     * @param body            the request body
     */
    public TriggerDecision handle(String presentedSecret, byte[] body) {
        if (!secret.matches(presentedSecret)) {
            LOG.warn("refused a webhook request: {} secret", presentedSecret == null ? "no" : "a wrong");
            return decision(Outcome.UNAUTHORIZED, 401, "unauthorized", null);
        }
        LakeFsEvent event;
        try {
            event = LakeFsEvent.parse(body == null ? new byte[0] : body);
        } catch (LakeFsBackupException e) {
            LOG.warn("refused a webhook request: {}", e.getMessage());
            return decision(Outcome.INVALID, 400, "not a lakeFS event: " + e.getMessage(), null);
        }
        String repository = event.repositoryId();
        if (!policy.covers(repository)) {
            LOG.warn("refused a {} event of repository {}: this environment does not back it up", event.eventType(),
                    repository);
            return decision(Outcome.UNKNOWN_REPOSITORY, 404, "repository " + repository + " is not backed up here",
                    repository);
        }
        if (!event.triggering()) {
            return ignored(event, "event type " + event.eventType() + " does not start backups");
        }
        Optional<String>[] lookedUp = new Optional[1];
        boolean triggers = policy.triggers(event.branchId(), () -> {
            lookedUp[0] = defaultBranch.apply(repository);
            return lookedUp[0].orElse(null);
        });
        if (lookedUp[0] != null && lookedUp[0].isEmpty()) {
            LOG.warn("refused a {} event of repository {}: lakeFS does not know it", event.eventType(), repository);
            return decision(Outcome.UNKNOWN_REPOSITORY, 404, "repository " + repository + " is not in lakeFS",
                    repository);
        }
        if (!triggers) {
            return ignored(event, "branch " + event.branchId() + " does not start backups");
        }
        Instant now = clock.instant();
        String mark = marks.mark(backup, event, now);
        Optional<Lease> lease = leases.read(backup, repository);
        if (lease.isPresent() && !lease.get().expired(now)) {
            LOG.info("{} of {} on {} ({}) waits for {}", event.eventType(), repository, event.branchId(),
                    event.commitId(), lease.get().describe());
            return decision(Outcome.COALESCED, 202, "a " + lease.get().kind() + " run of " + repository
                    + " holds its lease; it runs a follow-up backup for this event when it ends", repository);
        }
        List<String> names = new ArrayList<>();
        List<String> pending = marks.pending(backup, repository);
        if (!pending.isEmpty()) {
            names.add(startName(repository, pending.get(0)));
        }
        String own = startName(repository, mark);
        if (!names.contains(own)) {
            names.add(own);
        }
        LOG.info("{} of {} on {} ({}) starts a backup as {}", event.eventType(), repository, event.branchId(),
                event.commitId(), names.get(0));
        return new TriggerDecision(Outcome.START, 202, "starting a backup of " + repository, repository, names);
    }

    /**
     * The name a backup started for the mark {@code markName} runs under: {@code ev-<repository>-<mark>}, at most 80
     * characters of letters, digits and '-' (a Step Functions execution name, a valid run id).
     */
    public static String startName(String repository, String markName) {
        String stem = markName.endsWith(".json") ? markName.substring(0, markName.length() - 5) : markName;
        String repo = repository.length() > REPOSITORY_PART ? repository.substring(0, REPOSITORY_PART) : repository;
        return "ev-" + repo + "-" + stem;
    }

    private TriggerDecision ignored(LakeFsEvent event, String why) {
        LOG.info("ignored a {} event of {} on {}: {}", event.eventType(), event.repositoryId(), event.branchId(), why);
        return decision(Outcome.IGNORED, 200, "ignored: " + why, event.repositoryId());
    }

    private static TriggerDecision decision(Outcome outcome, int status, String message, String repository) {
        return new TriggerDecision(outcome, status, message, repository, List.of());
    }
}
