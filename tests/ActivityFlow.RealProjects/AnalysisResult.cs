using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.RealProjects;

/// <summary>What compiling one project and running the analyzers on it gave.</summary>
/// <param name="CompileErrors">Compiler errors (warnings promoted to errors excluded): any one means the code is half-bound.</param>
/// <param name="AnalyzerDiagnostics">What the analyzers reported (AD0001 included).</param>
/// <param name="AnalyzerFailures">Exceptions thrown by analyzers, one line each.</param>
public sealed record AnalysisResult(
    LoadedProject Project,
    IReadOnlyList<Diagnostic> CompileErrors,
    IReadOnlyList<Diagnostic> AnalyzerDiagnostics,
    IReadOnlyList<string> AnalyzerFailures,
    int SourceFiles,
    int GeneratedFiles,
    TimeSpan Elapsed);
