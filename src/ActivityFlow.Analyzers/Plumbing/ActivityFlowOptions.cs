using System;
using System.Collections.Generic;
using System.Globalization;
using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>The .editorconfig keys the analyzers read (documented in README and docs/rules).</summary>
internal static class ActivityFlowOptions
{
    /// <summary>Extra methods whose call counts as traced work (see <see cref="MemberNameList"/>).</summary>
    public const string TracedWorkMethods = "activityflow.traced_work_methods";

    /// <summary>How many calls deep into source methods traced-work detection follows (default 3).</summary>
    public const string TracedWorkDepth = "activityflow.traced_work_depth";

    /// <summary>Extra APIs whose delegate arguments run on a foreign thread (ACTX003).</summary>
    public const string ForeignThreadCallbacks = "activityflow.ACTX003.foreign_thread_callbacks";

    /// <summary>ACTX202: also report an Activity that an exception between start and stop leaves running (default true).</summary>
    public const string ActivityNeverStoppedExceptionPaths = "activityflow.ACTX202.report_exception_paths";

    /// <summary>ACTX201: allow <c>Activity.Current = null</c> before a long-running loop in the loop's own function (default true).</summary>
    public const string AllowDetachBeforeLoop = "activityflow.ACTX201.allow_detach_before_loop";

    /// <summary>ACTX301: further sampler types (full names) that decide without looking at the parent.</summary>
    public const string NonParentBasedSamplers = "activityflow.ACTX301.non_parent_based_samplers";

    /// <summary>ACTX102: report only Activities started with ActivityKind.Consumer (default false: any kind).</summary>
    public const string RequireConsumerKind = "activityflow.ACTX102.require_consumer_kind";

    /// <summary>"true" to analyse test projects too (default false: see <see cref="TestProjects"/>).</summary>
    public const string AnalyzeTestProjects = "activityflow.analyze_test_projects";

    public const int DefaultTracedWorkDepth = 3;

    private static readonly char[] ListSeparators = { ',', ';' };

    public static string? Get(AnalyzerOptions options, SyntaxTree tree, string key) =>
        options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value) ? value : null;

    /// <summary>A boolean option; the default when absent or not a boolean.</summary>
    public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue)
    {
        var raw = Get(options, tree, key);
        return raw is not null && bool.TryParse(raw.Trim(), out var value) ? value : defaultValue;
    }

    /// <summary>
    /// The entries of a list option: separated by ',' (or ';' where a value does not come from .editorconfig, which
    /// treats ';' and '#' as the start of a comment), trimmed, empty entries dropped.
    /// </summary>
    public static IEnumerable<string> Entries(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            yield break;
        }

        foreach (var entry in raw!.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = entry.Trim();
            if (trimmed.Length > 0)
            {
                yield return trimmed;
            }
        }
    }

    public static int GetTracedWorkDepth(AnalyzerOptions options, SyntaxTree tree)
    {
        var raw = Get(options, tree, TracedWorkDepth);
        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth) && depth >= 0 && depth <= 10
            ? depth
            : DefaultTracedWorkDepth;
    }

    /// <summary>Attributes (full or simple names) that mark a method, or every public method of a type, as a request entry point (live Activity scope).</summary>
    public const string EntryPointAttributes = "activityflow.entry_point_attributes";

    /// <summary>Methods (see <see cref="MemberNameList"/>) whose implementations and overrides are request entry points (live Activity scope).</summary>
    public const string EntryPointMethods = "activityflow.entry_point_methods";

    /// <summary>ACTX004: helper methods that take a task to forget it on purpose; a task handed to one is exempt.</summary>
    public const string FireAndForgetHelpers = "activityflow.ACTX004.fire_and_forget_helpers";

    /// <summary>ACTX004: "true" to ignore tasks discarded with <c>_ =</c> (default false).</summary>
    public const string IgnoreDiscards = "activityflow.ACTX004.ignore_discards";

    /// <summary>ACTX101: header names that carry trace context (default "traceparent").</summary>
    public const string TraceHeaderNames = "activityflow.ACTX101.trace_header_names";

    /// <summary>ACTX006: more methods that queue their delegate argument for a consumer (<see cref="MemberNameList"/>, optional (parameter)).</summary>
    public const string QueueMethods = "activityflow.ACTX006.queue_methods";
}
