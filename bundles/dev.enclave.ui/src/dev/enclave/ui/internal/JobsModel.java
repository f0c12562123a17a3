package dev.enclave.ui.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.core.runtime.jobs.ProgressProvider;

/**
 * Every user job of the workbench (imports, training, exports, evaluations …) with its state
 * and progress, for the Jobs part. Installed once: it gives each job a monitor that records
 * the work reported to it, and listens to the job manager for state changes.
 */
public final class JobsModel {
    /** The jobs kept after they end, newest first beyond this are dropped. */
    static final int KEEP = 200;

    /** One job's state as last seen. */
    public static final class Entry {
        private final Job job;
        private final Instant queued = Instant.now();
        private volatile String state = "waiting";
        private volatile String task = "";
        private volatile int total = -1;
        private volatile double done;
        private volatile Instant started;
        private volatile Instant ended;
        private volatile String result = "";

        Entry(Job job) {
            this.job = job;
        }

        public Job job() {
            return job;
        }

        public String name() {
            return job.getName();
        }

        /** {@code waiting}, {@code running}, {@code done}, {@code failed} or {@code cancelled}. */
        public String state() {
            return state;
        }

        public String task() {
            return task;
        }

        /** Percent done, or -1 when the job reports no total. */
        public int percent() {
            return total <= 0 ? -1 : (int) Math.min(100, Math.round(100 * done / total));
        }

        public Instant queued() {
            return queued;
        }

        public Instant started() {
            return started;
        }

        public Instant ended() {
            return ended;
        }

        public String result() {
            return result;
        }
    }

    private static final JobsModel INSTANCE = new JobsModel();

    private final Map<Job, Entry> entries = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private boolean installed;

    private JobsModel() {
    }

    /** The model, installed on the job manager on first use. */
    public static synchronized JobsModel get() {
        if (!INSTANCE.installed) {
            INSTANCE.install();
        }
        return INSTANCE;
    }

    private void install() {
        installed = true;
        Job.getJobManager().setProgressProvider(new ProgressProvider() {
            @Override
            public IProgressMonitor createMonitor(Job job) {
                return job.isUser() ? new Tracking(entry(job)) : new NullProgressMonitor();
            }
        });
        Job.getJobManager().addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void scheduled(IJobChangeEvent event) {
                if (event.getJob().isUser()) {
                    entry(event.getJob());
                    changed();
                }
            }

            @Override
            public void running(IJobChangeEvent event) {
                Entry e = known(event.getJob());
                if (e != null) {
                    e.state = "running";
                    e.started = Instant.now();
                    changed();
                }
            }

            @Override
            public void done(IJobChangeEvent event) {
                Entry e = known(event.getJob());
                if (e != null) {
                    IStatus s = event.getResult();
                    e.ended = Instant.now();
                    e.state = s == null ? "done" : s.getSeverity() == IStatus.CANCEL ? "cancelled"
                            : s.getSeverity() == IStatus.ERROR ? "failed" : "done";
                    e.result = s == null || s.isOK() ? "" : s.getMessage();
                    changed();
                }
            }
        });
    }

    private synchronized Entry entry(Job job) {
        Entry e = entries.get(job);
        if (e == null || !"waiting".equals(e.state) && !"running".equals(e.state)) {
            e = new Entry(job);
            entries.remove(job);
            entries.put(job, e);
            while (entries.size() > KEEP) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
        return e;
    }

    private synchronized Entry known(Job job) {
        return entries.get(job);
    }

    /** The jobs, newest first. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries.values());
        java.util.Collections.reverse(out);
        return out;
    }

    /** Forgets the jobs that have ended. */
    public void clearEnded() {
        synchronized (this) {
            entries.values().removeIf(e -> e.ended != null);
        }
        changed();
    }

    /** Calls {@code listener} (on any thread) whenever a job changes; returns how to stop. */
    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** A job's monitor that records its task and work for the model. */
    private final class Tracking extends NullProgressMonitor {
        private final Entry entry;

        Tracking(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void beginTask(String name, int totalWork) {
            entry.task = name == null ? "" : name;
            entry.total = totalWork;
            entry.done = 0;
            changed();
        }

        @Override
        public void subTask(String name) {
            entry.task = name == null ? "" : name;
            changed();
        }

        @Override
        public void worked(int work) {
            internalWorked(work);
        }

        @Override
        public void internalWorked(double work) {
            entry.done += work;
            changed();
        }
    }
}
