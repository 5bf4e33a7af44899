// A list whose entries leave in any order at a constant cost: the calls a client has live, the calls
// waiting on one caller signal. A Set would do, but it hashes every new entry it takes, which costs
// more than the rest of a plain call's own work.

/** One entry's place in a LinkedList: what removes it. */
export interface Link<T> {
  readonly value: T;
  prev?: Link<T>;
  next?: Link<T>;
}

export class LinkedList<T> {
  #head?: Link<T>;

  get empty(): boolean {
    return this.#head === undefined;
  }

  add(value: T): Link<T> {
    const link: Link<T> = { value, next: this.#head };
    if (this.#head) this.#head.prev = link;
    this.#head = link;
    return link;
  }

  /** Removes an entry; removing one already removed does nothing. */
  delete(link: Link<T>): void {
    if (link.prev) link.prev.next = link.next;
    else if (this.#head === link) this.#head = link.next;
    else return;
    if (link.next) link.next.prev = link.prev;
    link.prev = link.next = undefined;
  }

  /** The entries now, as an array that stays the same while they are acted on (and removed). */
  values(): T[] {
    const values: T[] = [];
    for (let link = this.#head; link; link = link.next) values.push(link.value);
    return values;
  }
}
