package dev.enclave.core.internal.p2;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.operations.InstallOperation;
import org.eclipse.equinox.p2.operations.ProfileChangeOperation;
import org.eclipse.equinox.p2.operations.ProvisioningJob;
import org.eclipse.equinox.p2.operations.ProvisioningSession;
import org.eclipse.equinox.p2.operations.UninstallOperation;
import org.eclipse.equinox.p2.query.IQueryResult;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.InstalledFeature;
import dev.enclave.core.PackInstaller;
import dev.enclave.core.Progress;
import dev.enclave.core.Roles;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * {@link PackInstaller} on the p2 operations API against the running product's
 * own profile ({@link IProfileRegistry#SELF}); after a change it asks the simple
 * configurator to apply the new {@code bundles.info} to the running framework.
 */
@Component(service = PackInstaller.class)
public final class P2PackInstaller implements PackInstaller {
    private static final String GROUP_SUFFIX = ".feature.group";
    private static final String CONFIGURATOR = "org.eclipse.equinox.internal.provisional.configurator.Configurator";
    private static final String GARBAGE_COLLECTOR = "org.eclipse.equinox.internal.p2.garbagecollector.GarbageCollector";

    @Reference
    private IProvisioningAgentProvider agentProvider;
    private BundleContext context;
    private IProvisioningAgent agent;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    private synchronized IProvisioningAgent agent() {
        if (agent == null) {
            try {
                agent = agentProvider.createAgent(null);
            } catch (ProvisionException e) {
                throw EnclaveException.failure("Cannot open this product's p2 installation data: " + e.getMessage(), e);
            }
        }
        return agent;
    }

    private IProfile profile() {
        IProfileRegistry registry = agent().getService(IProfileRegistry.class);
        IProfile profile = registry == null ? null : registry.getProfile(IProfileRegistry.SELF);
        if (profile == null) {
            throw EnclaveException.failure("This runtime has no p2 profile: packs can be managed only in an installed "
                    + "product started with its 'enclave' or 'enclave-workbench' script.", null);
        }
        return profile;
    }

    @Override
    public List<InstalledFeature> installed() {
        return features(profile().query(QueryUtil.createIUGroupQuery(), null));
    }

    @Override
    public List<InstalledFeature> available(URI repository, Progress progress) {
        IProgressMonitor monitor = new ProgressMonitorAdapter(progress);
        try {
            return features(loadRepository(repository, monitor).query(QueryUtil.createIUGroupQuery(), monitor));
        } finally {
            monitor.done();
        }
    }

    private IMetadataRepository loadRepository(URI repository, IProgressMonitor monitor) {
        IProvisioningAgent a = agent();
        try {
            IMetadataRepository repo = a.getService(IMetadataRepositoryManager.class).loadRepository(repository, monitor);
            a.getService(IArtifactRepositoryManager.class).loadRepository(repository, monitor);
            return repo;
        } catch (ProvisionException e) {
            throw EnclaveException.badInput("Cannot read the p2 repository " + repository + ": " + e.getMessage()
                    + ". Give the folder of a p2 repository (with content.jar or content.xml).");
        }
    }

    private static List<InstalledFeature> features(IQueryResult<IInstallableUnit> groups) {
        List<InstalledFeature> result = new ArrayList<>();
        for (IInstallableUnit iu : groups) {
            String id = iu.getId();
            if (id.endsWith(GROUP_SUFFIX)) {
                result.add(new InstalledFeature(id.substring(0, id.length() - GROUP_SUFFIX.length()),
                        iu.getVersion().toString(), iu.getProperty(IInstallableUnit.PROP_NAME, null)));
            }
        }
        result.sort(Comparator.comparing(InstalledFeature::id));
        return result;
    }

    @Override
    public InstalledFeature install(Workspace workspace, Subject actor, String featureId, URI repository,
            Progress progress) {
        workspace.accessPolicy().checkRole(actor, Roles.ADMIN, "install packs");
        try {
            InstalledFeature f = install(featureId, repository, progress);
            workspace.auditLog().append(actor.name(), "packs.install", featureId, AuditEntry.SUCCESS,
                    f.version() + " from " + repository);
            return f;
        } catch (RuntimeException e) {
            workspace.auditLog().append(actor.name(), "packs.install", featureId, AuditEntry.FAILURE,
                    String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private InstalledFeature install(String featureId, URI repository, Progress progress) {
        String groupId = groupId(featureId);
        IProgressMonitor monitor = new ProgressMonitorAdapter(progress);
        monitor.beginTask("Installing " + featureId, 100);
        try {
            IMetadataRepository repo = loadRepository(repository, monitor);
            IQueryResult<IInstallableUnit> found = repo
                    .query(QueryUtil.createLatestQuery(QueryUtil.createIUQuery(groupId)), monitor);
            if (found.isEmpty()) {
                List<String> offered = features(repo.query(QueryUtil.createIUGroupQuery(), monitor)).stream()
                        .map(InstalledFeature::id).toList();
                throw EnclaveException.badInput("The repository " + repository + " has no feature '" + featureId
                        + "'. It offers: " + (offered.isEmpty() ? "no features" : String.join(", ", offered)) + ".");
            }
            Set<IInstallableUnit> units = found.toUnmodifiableSet();
            InstallOperation op = new InstallOperation(new ProvisioningSession(agent()), units);
            configure(op, repository);
            run(op, monitor, "install " + featureId);
            IInstallableUnit iu = units.iterator().next();
            return new InstalledFeature(featureId, iu.getVersion().toString(),
                    iu.getProperty(IInstallableUnit.PROP_NAME, null));
        } finally {
            monitor.done();
        }
    }

    @Override
    public void uninstall(Workspace workspace, Subject actor, String featureId, Progress progress) {
        workspace.accessPolicy().checkRole(actor, Roles.ADMIN, "uninstall packs");
        try {
            uninstall(featureId, progress);
            workspace.auditLog().append(actor.name(), "packs.uninstall", featureId, AuditEntry.SUCCESS, "");
        } catch (RuntimeException e) {
            workspace.auditLog().append(actor.name(), "packs.uninstall", featureId, AuditEntry.FAILURE,
                    String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private void uninstall(String featureId, Progress progress) {
        String groupId = groupId(featureId);
        IProgressMonitor monitor = new ProgressMonitorAdapter(progress);
        monitor.beginTask("Uninstalling " + featureId, 100);
        try {
            IProfile profile = profile();
            IQueryResult<IInstallableUnit> found = profile.query(QueryUtil.createIUQuery(groupId), monitor);
            if (found.isEmpty()) {
                throw EnclaveException.badInput("Feature '" + featureId
                        + "' is not installed (see 'enclave packs list').");
            }
            UninstallOperation op = new UninstallOperation(new ProvisioningSession(agent()), found.toUnmodifiableSet());
            configure(op, null);
            run(op, monitor, "uninstall " + featureId);
            collectGarbage();
        } finally {
            monitor.done();
        }
    }

    private static String groupId(String featureId) {
        if (featureId == null || !featureId.matches("[A-Za-z0-9_.-]+")) {
            throw EnclaveException.badInput("Invalid feature id '" + featureId + "', e.g. dev.enclave.example.feature.");
        }
        return featureId.endsWith(GROUP_SUFFIX) ? featureId : featureId + GROUP_SUFFIX;
    }

    private static void configure(ProfileChangeOperation op, URI repository) {
        op.setProfileId(IProfileRegistry.SELF);
        ProvisioningContext pc = op.getProvisioningContext();
        URI[] repos = repository == null ? new URI[0] : new URI[] { repository };
        pc.setMetadataRepositories(repos);
        pc.setArtifactRepositories(repos);
        // Air-gapped: never follow references a repository may carry to other sites.
        pc.setProperty(ProvisioningContext.FOLLOW_REPOSITORY_REFERENCES, Boolean.FALSE.toString());
    }

    private void run(ProfileChangeOperation op, IProgressMonitor monitor, String what) {
        IStatus resolved = op.resolveModal(monitor);
        if (monitor.isCanceled()) {
            throw new Progress.CanceledException();
        }
        if (resolved.getSeverity() == IStatus.ERROR || resolved.getSeverity() == IStatus.CANCEL) {
            throw EnclaveException.failure("p2 cannot " + what + ": " + describe(resolved)
                    + (op.getResolutionDetails() == null ? "" : "\n" + op.getResolutionDetails()), null);
        }
        ProvisioningJob job = op.getProvisioningJob(monitor);
        if (job == null) {
            throw EnclaveException.failure("p2 cannot " + what + ": nothing to do (" + describe(resolved) + ").", null);
        }
        IStatus result = job.runModal(monitor);
        if (result.getSeverity() == IStatus.ERROR || result.getSeverity() == IStatus.CANCEL) {
            throw EnclaveException.failure("p2 failed to " + what + ": " + describe(result), null);
        }
        applyConfiguration();
    }

    /**
     * Deletes the jars no profile references any more, so a removed pack leaves nothing behind.
     * p2 exports its collector to its friends only; it is reached as the agent service it is.
     */
    private void collectGarbage() {
        Object collector = agent().getService(GARBAGE_COLLECTOR);
        if (collector == null) {
            throw EnclaveException.failure("The pack was uninstalled, but p2's garbage collector is missing, so its "
                    + "files stay in plugins/ until 'java -jar plugins/org.eclipse.equinox.launcher_*.jar -application "
                    + "org.eclipse.equinox.p2.garbagecollector.application -profile DefaultProfile' runs.", null);
        }
        try {
            collector.getClass().getMethod("runGC", IProfile.class).invoke(collector, profile());
        } catch (ReflectiveOperationException e) {
            throw EnclaveException.failure("The pack was uninstalled, but removing its files failed: " + e, e);
        }
    }

    /**
     * Makes the running framework match the new {@code bundles.info}: new bundles start, removed ones
     * stop. Equinox offers this only as its simple configurator's provisional service, so it is found
     * by name and called reflectively, as the garbage collector above: this bundle compiles against
     * public API only (discouraged access is a build error).
     */
    private void applyConfiguration() {
        ServiceReference<?> ref = context.getServiceReference(CONFIGURATOR);
        if (ref == null) {
            return;
        }
        Object configurator = context.getService(ref);
        try {
            interfaceNamed(configurator.getClass(), CONFIGURATOR).getMethod("applyConfiguration").invoke(configurator);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw EnclaveException.failure("The pack was changed on disk but could not be applied to the running "
                    + "product (" + e.getCause().getMessage() + "); restart to use it.", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw EnclaveException.failure("The pack was changed on disk but this Equinox cannot apply it to the "
                    + "running product (" + e + "); restart to use it.", e);
        } finally {
            context.ungetService(ref);
        }
    }

    /** The interface of that name that {@code type} or a superclass implements. */
    private static Class<?> interfaceNamed(Class<?> type, String name) throws ClassNotFoundException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
            }
        }
        throw new ClassNotFoundException(name + " (" + type.getName() + " does not implement it)");
    }

    private static String describe(IStatus status) {
        StringBuilder sb = new StringBuilder(status.getMessage());
        for (IStatus child : status.getChildren()) {
            sb.append("; ").append(describe(child));
        }
        return sb.toString();
    }

    /** Feeds p2's monitor calls into an Enclave {@link Progress}. */
    private static final class ProgressMonitorAdapter extends NullProgressMonitor {
        private final Progress progress;

        ProgressMonitorAdapter(Progress progress) {
            this.progress = progress == null ? Progress.silent() : progress;
        }

        @Override
        public void beginTask(String name, int totalWork) {
            progress.begin(name, totalWork);
        }

        @Override
        public void subTask(String name) {
            progress.subTask(name);
        }

        @Override
        public void worked(int work) {
            progress.worked(work);
        }

        @Override
        public void done() {
            progress.done();
        }

        @Override
        public boolean isCanceled() {
            return progress.isCanceled();
        }

        @Override
        public void setCanceled(boolean value) {
            if (value) {
                progress.cancel();
            }
        }
    }
}
