package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.enclave.core.Progress;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.TokenListener;

/**
 * Local decoder models kept loaded between callers while a resident process asks for it
 * ({@link ModelRegistry#keepResident()}): callers get leases whose {@code close()} only gives the
 * model back. A model is loaded once per folder, adapter and file state (a model re-added under the
 * same name, or a retrained adapter, is loaded afresh and the stale one closed once no lease holds
 * it). Generation on a shared model is serialised; the rest is thread-safe already.
 */
final class ResidentModels {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private int holders;

    /** One more holder of residency; the returned handle ends it. */
    synchronized ModelRegistry.Residency hold() {
        holders++;
        return new ModelRegistry.Residency() {
            private boolean closed;

            @Override
            public int loaded() {
                synchronized (ResidentModels.this) {
                    return entries.size();
                }
            }

            @Override
            public void close() {
                synchronized (ResidentModels.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    if (--holders == 0) {
                        for (Entry e : List.copyOf(entries.values())) {
                            e.stale = true;
                            e.closeIfUnused();
                        }
                        entries.clear();
                    }
                }
            }
        };
    }

    /**
     * A lease on the model of {@code folder} (+ {@code adapter}), loaded by {@code loader} when no
     * current one is held; or, when nothing holds residency, {@code loader}'s model itself.
     */
    LanguageModel open(Path folder, Path adapter, Supplier<LanguageModel> loader) {
        String key;
        synchronized (this) {
            if (holders == 0) {
                return loader.get();
            }
            key = key(folder, adapter);
            Entry e = entries.get(key);
            if (e != null) {
                return e.lease();
            }
        }
        // Loading takes seconds: outside the lock; a second caller racing here loads a copy that is
        // closed with its lease (rare, and still correct).
        LanguageModel model = loader.get();
        synchronized (this) {
            if (holders == 0 || entries.containsKey(key)) {
                return model;
            }
            String prefix = folder.toAbsolutePath().normalize() + "|" + adapter + "|";
            entries.entrySet().removeIf(old -> {
                if (old.getKey().startsWith(prefix)) {
                    old.getValue().stale = true;
                    old.getValue().closeIfUnused();
                    return true;
                }
                return false;
            });
            Entry e = new Entry(model);
            entries.put(key, e);
            return e.lease();
        }
    }

    /** Folder, adapter and the modification times and sizes of the files that make the model. */
    private static String key(Path folder, Path adapter) {
        StringBuilder sb = new StringBuilder(folder.toAbsolutePath().normalize() + "|" + adapter + "|");
        for (Path p : new Path[] {folder.resolve(DefaultModelRegistry.MANIFEST), folder.resolve("config.json"),
                adapter == null ? null : adapter.resolve("adapter_model.safetensors")}) {
            if (p == null) {
                continue;
            }
            try {
                sb.append(Files.getLastModifiedTime(p).toMillis()).append(':').append(Files.size(p)).append(';');
            } catch (IOException e) {
                sb.append("-;");
            }
        }
        return sb.toString();
    }

    /** A loaded model and how many leases hold it. */
    private final class Entry {
        final LanguageModel model;
        int leases;
        boolean stale;

        Entry(LanguageModel model) {
            this.model = model;
        }

        LanguageModel lease() {
            leases++;
            return new Lease(this);
        }

        void release() {
            synchronized (ResidentModels.this) {
                leases--;
                closeIfUnused();
            }
        }

        void closeIfUnused() {
            if (stale && leases == 0) {
                model.close();
            }
        }
    }

    /** What a caller holds: the shared model, closed only by giving it back. */
    private static final class Lease implements LanguageModel {
        private final Entry entry;
        private final LanguageModel model;
        private boolean closed;

        Lease(Entry entry) {
            this.entry = entry;
            this.model = entry.model;
        }

        @Override
        public ModelInfo info() {
            return model.info();
        }

        @Override
        public int contextLength() {
            return model.contextLength();
        }

        @Override
        public int[] encode(String text) {
            return model.encode(text);
        }

        @Override
        public String decode(int[] ids) {
            return model.decode(ids);
        }

        @Override
        public boolean hasChatTemplate() {
            return model.hasChatTemplate();
        }

        @Override
        public String chatPrompt(List<ChatMessage> messages) {
            return model.chatPrompt(messages);
        }

        @Override
        public Generation generate(int[] prompt, GenerationSettings settings, TokenListener listener,
                Progress progress) {
            synchronized (model) {
                return model.generate(prompt, settings, listener, progress);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                entry.release();
            }
        }
    }
}
