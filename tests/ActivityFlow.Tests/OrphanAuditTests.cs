using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Xunit;

namespace ActivityFlow.Tests
{
    public class OrphanAuditTests
    {
        [Fact]
        public void CleanTracePasses()
        {
            string name = "audit.clean." + Guid.NewGuid().ToString("N");
            using var source = new ActivitySource(name);
            using var audit = OrphanAudit.Attach(s => s.Name == name);
            using (Activity? root = source.StartActivity("root"))
            {
                using Activity? child = source.StartActivity("child");
            }

            audit.AssertClean();
            Assert.Equal(2, audit.GetReport().AuditedCount);
        }

        [Fact]
        public void FindsEveryKindOfBreak()
        {
            string name = "audit.broken." + Guid.NewGuid().ToString("N");
            using var source = new ActivitySource(name);
            using var audit = OrphanAudit.Attach(s => s.Name == name);

            Activity request = source.StartActivity("request", ActivityKind.Server)!;
            Activity late = source.StartActivity("fire and forget")!;
            Activity.Current = request;

            // Lost context: work queued without flow starts a new root while the request runs.
            using (var done = new ManualResetEventSlim())
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    source.StartActivity("lost context")?.Stop();
                    done.Set();
                }, null);
                Assert.True(done.Wait(5000));
            }

            Activity neverStopped = source.StartActivity("never stopped")!;
            Activity.Current = request;
            request.Stop();
            Thread.Sleep(2);
            late.Stop();

            OrphanAuditReport report = audit.GetReport();
            Assert.False(report.IsClean);
            Assert.Contains(report.LateChildren, f => f.DisplayName == "fire and forget");
            Assert.Contains(report.UnexpectedRoots, f => f.DisplayName == "lost context");
            Assert.Contains(report.NeverStopped, f => f.DisplayName == "never stopped");
            var e = Assert.Throws<OrphanAuditException>(() => audit.AssertClean());
            Assert.Contains("lost context", e.Message);
            Assert.Contains("fire and forget", e.Message);
            neverStopped.Stop();
            Activity.Current = null;
        }

        [Fact]
        public void AnalyzeFinishedActivitiesFindsOrphans()
        {
            Activity root = Spans.Root("root");
            Activity child = Spans.Child(root, "child").End(5);
            root.End(10);
            Activity orphan = Spans.Orphan("orphan").End();
            Activity late = Spans.Child(root, "late", startMs: 5).End(100);

            OrphanAuditReport report = OrphanAudit.Analyze(new[] { root, child, orphan, late });
            Assert.Equal("orphan", Assert.Single(report.Orphans).DisplayName);
            Assert.Equal("late", Assert.Single(report.LateChildren).DisplayName);
            Assert.Empty(report.NeverStopped);

            OrphanAudit.Analyze(new[] { root, child }).AssertClean();
            Assert.Throws<OrphanAuditException>(() => OrphanAudit.Analyze(new[] { child }).AssertClean());
        }

        [Fact]
        public void ExpectedRootsCanBeDeclared()
        {
            Activity a = Spans.Root("first", startMs: 0);
            Activity b = Spans.Root("second job", startMs: 1).End(1);
            a.End(10);
            Assert.Single(OrphanAudit.Analyze(new[] { a, b }).UnexpectedRoots);
            OrphanAudit.Analyze(new[] { a, b }, new OrphanAuditOptions { IsExpectedRoot = x => x.DisplayName.EndsWith("job", StringComparison.Ordinal) || x.DisplayName == "first" }).AssertClean();
        }

        [Fact]
        public void ListeningIgnoresParentsOutsideTheAudit()
        {
            string name = "audit.scope." + Guid.NewGuid().ToString("N");
            using var outerSource = new ActivitySource(name + ".outer");
            using var source = new ActivitySource(name);
            using var outerListener = new ActivityListener { ShouldListenTo = s => s == outerSource, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
            ActivitySource.AddActivityListener(outerListener);
            using Activity? outer = outerSource.StartActivity("test body");
            using var audit = OrphanAudit.Attach(s => s.Name == name);
            using (source.StartActivity("inside"))
            {
            }

            audit.AssertClean();
        }

        [Fact]
        public void ListeningReportsAChildWhoseAuditedParentNeverStopped()
        {
            string name = "audit.orphan." + Guid.NewGuid().ToString("N");
            using var source = new ActivitySource(name);
            using var audit = OrphanAudit.Attach(s => s.Name == name);
            Activity parent = source.StartActivity("parent")!;
            source.StartActivity("child")!.Stop();
            OrphanAuditReport report = audit.GetReport();
            Assert.Equal("child", Assert.Single(report.Orphans).DisplayName);
            Assert.Equal("parent", Assert.Single(report.NeverStopped).DisplayName);
            parent.Stop();
            Activity.Current = null;
        }
    }
}
