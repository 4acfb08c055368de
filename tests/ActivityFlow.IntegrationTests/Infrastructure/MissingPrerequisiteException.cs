using System;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// Thrown when a real part these tests need is not installed. The tests fail with it rather than
/// skip, so a CI machine that forgot an install step is noticed.
/// </summary>
public sealed class MissingPrerequisiteException : Exception
{
    public MissingPrerequisiteException(string what, string howToInstall)
        : base($"Missing test prerequisite: {what}. Install it with: {howToInstall}")
    {
    }
}
