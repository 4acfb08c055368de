using Xunit;

// The scenarios measure timing-dependent exporter behaviour (grace windows, late children) on a
// small machine: run them one at a time so they do not disturb each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
