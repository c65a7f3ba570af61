namespace SmsPortal.Common;

/// <summary>One page of a list and how many items the whole list has (for server-side paging).</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int TotalCount);
