// rxjs: operators over timers and promises.
const { of, from, interval, timer, Subject, BehaviorSubject, firstValueFrom, lastValueFrom, merge, zip } = require('rxjs');
const { map, filter, take, scan, debounceTime, switchMap, catchError, toArray, delay, bufferCount, concatMap } = require('rxjs/operators');
of(1, 2, 3, 4, 5).pipe(filter((x) => x % 2), map((x) => x * 10), scan((a, b) => a + b, 0)).subscribe((v) => console.log('scan', v));
const s = new Subject();
s.pipe(bufferCount(2)).subscribe((b) => console.log('buffer', b));
s.next('a'); s.next('b'); s.next('c'); s.complete();
const bs = new BehaviorSubject(0);
bs.subscribe((v) => console.log('behavior', v)); bs.next(1);
(async () => {
  console.log('interval', await lastValueFrom(interval(5).pipe(take(4), toArray())));
  console.log('zip', await lastValueFrom(zip(of('a', 'b'), timer(5, 5)).pipe(toArray())));
  console.log('switch', await firstValueFrom(from(Promise.resolve(3)).pipe(switchMap((n) => of(n * 2).pipe(delay(5))))));
  console.log('concat', await lastValueFrom(of(30, 10, 20).pipe(concatMap((n) => timer(n).pipe(map(() => n))), toArray())));
  console.log('error', await firstValueFrom(of(1).pipe(map(() => { throw new Error('boom'); }), catchError((e) => of(e.message)))));
})();
